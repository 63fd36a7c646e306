/** Tests of the CSV scanner. */
package org.musicanalytics.client.input.internal;
