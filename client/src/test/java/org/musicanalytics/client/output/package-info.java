/** Tests of the results file's lifecycle and of the input fingerprint. */
package org.musicanalytics.client.output;
