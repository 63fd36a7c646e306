/**
 * Input from S3: byte ranges of a CSV object read with ranged GetObject calls pinned to the
 * object's ETag and retried, for the client and for the {@code analyzeCsvRange} function.
 */
package org.musicanalytics.functions.s3input;
