/** Tests of {@code generate}: its options, and the shape and determinism of what it writes. */
package org.musicanalytics.client.generate;
