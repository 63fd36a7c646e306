/** Tests of the S3 input against S3Proxy, a real S3 server, in-process on loopback. */
package org.musicanalytics.functions.s3input;
