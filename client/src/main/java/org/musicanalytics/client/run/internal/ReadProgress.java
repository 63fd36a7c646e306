package org.musicanalytics.client.run.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.musicanalytics.csv.Utf8RowSink;

/**
 * A progress bar on a terminal's stderr while the input is read (me.tongfei:progressbar):
 * the share of the input's bytes read, the MiB read, the time spent and left, the rate and
 * the rows read, redrawn in place ({@code \r}, ASCII, no other control codes) every
 * {@link #INTERVAL_MILLIS} from the bytes read so far, and cleared at the end.
 */
public final class ReadProgress implements AutoCloseable {

  /** Time between two updates: four a second. */
  public static final int INTERVAL_MILLIS = 250;

  /** The system property the launcher sets to whether stderr is a terminal. */
  public static final String STDERR_TERMINAL = "music-analytics.stderr.terminal";

  /**
   * The line's width: it fits an 80-column terminal without wrapping, which would break the
   * redraw in place. A fixed width, since asking the terminal's would make the library open
   * a jline terminal, which warns on stderr when stdin or stdout is not a terminal.
   */
  private static final int WIDTH = 79;

  private static final long MIB = 1024 * 1024;

  private final AtomicLong rows = new AtomicLong();
  private final ProgressBar bar;
  private boolean closed;

  private ReadProgress(PrintWriter err, long sizeBytes) {
    this.bar = new ProgressBarBuilder()
        .setTaskName("Reading")
        .setInitialMax(sizeBytes)
        .setUnit(" MiB", MIB)
        .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
        .setUpdateIntervalMillis(INTERVAL_MILLIS)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new DelegatingProgressBarConsumer(line -> {
          err.print("\r" + line);
          err.flush();
        }, WIDTH))
        .clearDisplayOnFinish()
        .build();
  }

  /**
   * Starts showing the progress of reading {@code sizeBytes} bytes on {@code err}; a
   * negative size (not a regular file) shows a bar without a share or a time left.
   */
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
          advance(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          advance(n);
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

  /**
   * Moves the bar on by {@code bytes}, with the rows counted so far: once a read (a chunk of
   * the input) rather than once a row, which keeps the per-row cost to one counter.
   */
  private void advance(int bytes) {
    bar.stepBy(bytes);
    bar.setExtraMessage(String.format(Locale.ROOT, " %,d rows", rows.get()));
  }

  /** Stops the updates and clears the line; once, though the caller may close it twice. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      bar.close();
    }
  }
}
