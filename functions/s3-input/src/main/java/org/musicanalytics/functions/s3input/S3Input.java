package org.musicanalytics.functions.s3input;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.musicanalytics.functions.s3input.internal.RangeStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads S3 objects for the CSV range reader: their size and ETag ({@link #head}), and the
 * bytes a range reads ({@link #open}), every request pinned to the ETag and retried.
 */
public final class S3Input {

  /** How many times a failed read is requested again, by default. */
  public static final int DEFAULT_RETRIES = 4;
  /** The first retry's upper bound of waiting, by default; it doubles after each. */
  public static final Duration DEFAULT_DELAY = Duration.ofMillis(200);
  /**
   * How far past its end the first request of a range reads, so that finishing its last
   * row (and finding where the next one starts) rarely needs a second request.
   */
  static final int OVERREAD_BYTES = 64 << 10;

  private final S3Client s3;
  private final int retries;
  private final Duration delay;

  /** Reads through {@code s3} with the default retries. */
  public S3Input(S3Client s3) {
    this(s3, DEFAULT_RETRIES, DEFAULT_DELAY);
  }

  /** Reads through {@code s3}, requesting a failed read again up to {@code retries} times. */
  public S3Input(S3Client s3, int retries, Duration delay) {
    this.s3 = s3;
    this.retries = retries;
    this.delay = delay;
  }

  /**
   * The object's size and ETag, which every later read is pinned to.
   *
   * @throws S3InputException if the bucket or key does not exist, access is denied, or S3
   *     cannot be reached; one line naming the object
   */
  public PinnedObject head(S3Location object) throws S3InputException {
    try {
      HeadObjectResponse head = s3.headObject(r -> r.bucket(object.bucket()).key(object.key()));
      return new PinnedObject(object, head.contentLength(), head.eTag());
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new S3InputException(object + ": " + (bucketExists(object)
            ? "no such key '" + object.key() + "' in bucket '" + object.bucket() + "'"
            : "no such bucket '" + object.bucket() + "'"), e);
      }
      throw failure(object, e);
    } catch (SdkClientException e) {
      throw new S3InputException(object + ": cannot reach S3: " + oneLine(e), e);
    }
  }

  /**
   * The bytes the CSV range {@code [start, end)} of {@code object} reads: from byte
   * {@code max(0, start - 1)} on, for as long as the reader asks.
   */
  public InputStream open(PinnedObject object, long start, long end) {
    long from = Math.max(0, start - 1);
    return new RangeStream((first, to) -> get(object, first, to), object.location().toString(),
        from, end + OVERREAD_BYTES, object.size(), retries, delay);
  }

  private InputStream get(PinnedObject object, long from, long to) throws IOException {
    S3Location where = object.location();
    try {
      return s3.getObject(r -> r.bucket(where.bucket()).key(where.key())
          .range("bytes=" + from + "-" + (to - 1))
          .ifMatch(object.etag()));
    } catch (S3Exception e) {
      if (e.statusCode() >= 500 || e.statusCode() == 429) {
        throw new IOException(oneLine(e), e);
      }
      throw failure(where, object, e);
    }
  }

  private boolean bucketExists(S3Location object) {
    try {
      s3.headBucket(r -> r.bucket(object.bucket()));
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    } catch (S3Exception e) {
      return e.statusCode() != 404;
    }
  }

  private static S3InputException failure(S3Location where, S3Exception e) {
    return failure(where, null, e);
  }

  private static S3InputException failure(S3Location where, PinnedObject pinned,
      S3Exception e) {
    String why = switch (e.statusCode()) {
      case 403 -> "access denied (the credentials in use need s3:GetObject on it)";
      case 404 -> "it no longer exists (deleted during the run)";
      case 412 -> "it changed during the run: it no longer has ETag "
          + (pinned == null ? "" : pinned.etag()) + " (run again to read the new version)";
      case 416 -> "it is shorter than when the run started ("
          + (pinned == null ? "" : pinned.size() + " bytes") + ")";
      default -> oneLine(e);
    };
    return new S3InputException(where + ": " + why, e);
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ").strip();
  }
}
