package org.musicanalytics.functions.s3input;

/**
 * One version of an S3 object: every read of a run asks for this ETag (If-Match), so an
 * object replaced during the run fails the run instead of mixing two versions.
 *
 * @param location the object
 * @param size its size in bytes
 * @param etag its ETag, quotes included, as S3 gives it
 */
public record PinnedObject(S3Location location, long size, String etag) {}
