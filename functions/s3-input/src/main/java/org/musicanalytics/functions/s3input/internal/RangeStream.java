package org.musicanalytics.functions.s3input.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.musicanalytics.functions.s3input.S3InputException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The bytes of an object from a position on, fetched as ranged reads: first up to a given
 * end, then in chunks for as long as the reader asks (a CSV range reads past its end to
 * finish its last row). A read that fails, or a body that ends early, is requested again
 * from the byte it stopped at, with exponential backoff and full jitter; a failure that
 * retrying cannot heal ({@link S3InputException}) ends the read at once.
 */
public final class RangeStream extends InputStream {

  /** How many bytes each request after the first asks for. */
  static final int CHUNK_BYTES = 1 << 20;
  private static final Duration MAX_DELAY = Duration.ofSeconds(5);

  /** Opens one ranged read of the object. */
  @FunctionalInterface
  public interface Opener {

    /**
     * The bytes {@code [from, to)}.
     *
     * @throws S3InputException when retrying cannot help (missing, denied, changed)
     * @throws IOException for a failure that may heal
     */
    InputStream open(long from, long to) throws IOException;
  }

  private final Opener opener;
  private final String name;
  private final long firstEnd;
  private final long size;
  private final int retries;
  private final Duration delay;
  private long position;
  private InputStream current;
  private long currentEnd;
  private int failures;

  /**
   * @param name the object, for messages
   * @param from the first byte
   * @param firstEnd where the first request ends (exclusive)
   * @param size the object's size: nothing is read past it
   * @param retries how many times a failed read is requested again
   * @param delay the first retry's upper bound of waiting, doubling after each
   */
  public RangeStream(Opener opener, String name, long from, long firstEnd, long size,
      int retries, Duration delay) {
    this.opener = opener;
    this.name = name;
    this.position = from;
    this.firstEnd = Math.min(firstEnd, size);
    this.size = size;
    this.retries = retries;
    this.delay = delay;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (position < size) {
      try {
        if (current == null) {
          long end = position < firstEnd ? firstEnd : Math.min(size, position + CHUNK_BYTES);
          current = opener.open(position, end);
          currentEnd = end;
        }
        int n = current.read(bytes, offset, (int) Math.min(length, currentEnd - position));
        if (n < 0) {
          throw new EOFException("the body ended at byte " + position + ", before byte "
              + currentEnd);
        }
        position += n;
        if (position == currentEnd) {
          closeCurrent();
        }
        failures = 0;
        return n;
      } catch (S3InputException e) {
        closeCurrent();
        throw e;
      } catch (IOException | SdkException e) {
        closeCurrent();
        if (e instanceof InterruptedIOException) {
          throw (InterruptedIOException) e;
        }
        failures++;
        if (failures > retries) {
          throw new S3InputException(name + ": reading from byte " + position + " failed "
              + failures + " times: " + oneLine(e), e);
        }
        backOff();
      }
    }
    return -1;
  }

  @Override
  public void close() {
    closeCurrent();
  }

  private void closeCurrent() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // The bytes wanted were read, or the read failed and is reported or retried.
      }
      current = null;
    }
  }

  private void backOff() throws InterruptedIOException {
    long bound = Math.min(MAX_DELAY.toMillis(), delay.toMillis() << Math.min(failures - 1, 20));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to read " + name + " again");
    }
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ").strip();
  }
}
