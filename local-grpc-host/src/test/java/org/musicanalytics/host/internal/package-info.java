/**
 * Tests of the host's workings: the call log, function binding, listen addresses, and request
 * decoding against the generated parser.
 */
package org.musicanalytics.host.internal;
