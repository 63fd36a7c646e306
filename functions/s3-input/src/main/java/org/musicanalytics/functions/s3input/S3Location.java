package org.musicanalytics.functions.s3input;

/**
 * An object in S3, as {@code s3://BUCKET/KEY} names it.
 *
 * @param bucket the bucket
 * @param key the key, without the leading slash
 */
public record S3Location(String bucket, String key) {

  /** The scheme prefix of an S3 location. */
  public static final String PREFIX = "s3://";

  /** Whether {@code text} names an S3 object rather than a file. */
  public static boolean isS3(String text) {
    return text.startsWith(PREFIX);
  }

  /**
   * Parses {@code s3://BUCKET/KEY}.
   *
   * @throws IllegalArgumentException naming what is missing
   */
  public static S3Location parse(String text) {
    if (!isS3(text)) {
      throw new IllegalArgumentException("not an S3 location (s3://BUCKET/KEY): " + text);
    }
    String rest = text.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException("an S3 location needs a bucket and a key "
          + "(s3://BUCKET/KEY): " + text);
    }
    return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
  }

  @Override
  public String toString() {
    return PREFIX + bucket + "/" + key;
  }
}
