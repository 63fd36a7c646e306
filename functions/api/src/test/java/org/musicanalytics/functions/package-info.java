/**
 * Tests of the stage contract: discovery of the stages, error text and invalid-request messages.
 */
package org.musicanalytics.functions;
