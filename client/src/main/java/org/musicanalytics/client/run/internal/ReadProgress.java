package org.musicanalytics.client.run.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.musicanalytics.csv.Utf8RowSink;

/**
 * A progress line on a terminal's stderr while the input is read: rows read, the share of
 * the input's bytes read, the rate and the time left, rewritten in place ({@code \r}, no
 * other control codes) every {@link #INTERVAL_MILLIS} from the bytes read so far, and
 * cleared at the end.
 */
public final class ReadProgress implements AutoCloseable {

  /** Time between two updates: four a second. */
  public static final long INTERVAL_MILLIS = 250;

  /** The system property the launcher sets to whether stderr is a terminal. */
  public static final String STDERR_TERMINAL = "music-analytics.stderr.terminal";

  private final PrintWriter err;
  private final long sizeBytes;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong rows = new AtomicLong();
  private final long start = System.nanoTime();
  private final ScheduledExecutorService ticks;
  private int width;

  private ReadProgress(PrintWriter err, long sizeBytes) {
    this.err = err;
    this.sizeBytes = sizeBytes;
    this.ticks = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "music-analytics-progress");
      thread.setDaemon(true);
      return thread;
    });
    ticks.scheduleAtFixedRate(this::print, INTERVAL_MILLIS, INTERVAL_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /** Starts showing the progress of reading {@code sizeBytes} bytes on {@code err}. */
  public static ReadProgress start(PrintWriter err, long sizeBytes) {
    return new ReadProgress(err, sizeBytes);
  }

  /**
   * Whether stderr is a terminal: as the launcher found ({@value #STDERR_TERMINAL}), else
   * whether the JVM has a console.
   */
  public static boolean stderrIsTerminal() {
    String told = System.getProperty(STDERR_TERMINAL);
    return told != null ? Boolean.parseBoolean(told) : System.console() != null;
  }

  /** {@code in}, counting the bytes read from it. */
  public InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bytes.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          bytes.addAndGet(n);
        }
        return n;
      }
    };
  }

  /** {@code sink}, counting the rows handed to it. */
  public Utf8RowSink counting(Utf8RowSink sink) {
    return row -> {
      rows.lazySet(rows.get() + 1);
      sink.accept(row);
    };
  }

  private synchronized void print() {
    long read = bytes.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    String eta = read == 0 || sizeBytes <= 0 ? "?" : clock(seconds * (sizeBytes - read) / read);
    String line = String.format(Locale.ROOT, "%,d rows read, %d%% of %,d bytes, %,.0f rows/s, "
        + "ETA %s", rows.get(), sizeBytes <= 0 ? 0 : Math.min(100, read * 100 / sizeBytes),
        sizeBytes, rows.get() / Math.max(seconds, 1e-9), eta);
    err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
    err.flush();
    width = line.length();
  }

  private static String clock(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** Stops the updates and clears the line. */
  @Override
  public void close() {
    ticks.shutdownNow();
    try {
      ticks.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (width > 0) {
        err.print("\r" + " ".repeat(width) + "\r");
        err.flush();
        width = 0;
      }
    }
  }
}
