package org.musicanalytics.client.pipeline;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line for a terminal: records, records per second and shards done, rewritten
 * in place ({@code \r}) at most every {@link #INTERVAL_NANOS} and cleared at the end.
 */
public final class ProgressLine implements ProgressListener {

  /** Shortest time between two updates: a quarter second. */
  public static final long INTERVAL_NANOS = 250_000_000L;

  private final PrintWriter out;
  private final LongSupplier nanoClock;
  private final long start;
  private long lastPrint;
  private int width;

  /** @param out the terminal's stream, usually stderr */
  public ProgressLine(PrintWriter out) {
    this(out, System::nanoTime);
  }

  ProgressLine(PrintWriter out, LongSupplier nanoClock) {
    this.out = out;
    this.nanoClock = nanoClock;
    this.start = nanoClock.getAsLong();
    this.lastPrint = start;
  }

  @Override
  public synchronized void recordsDone(int shards, long records) {
    long now = nanoClock.getAsLong();
    if (now - lastPrint < INTERVAL_NANOS) {
      return;
    }
    lastPrint = now;
    double seconds = (now - start) / 1e9;
    String line = String.format(Locale.ROOT, "%,d records, %,.0f records/s, %d shard%s done",
        records, records / seconds, shards, shards == 1 ? "" : "s");
    out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
    out.flush();
    width = line.length();
  }

  @Override
  public synchronized void finished() {
    if (width > 0) {
      out.print("\r" + " ".repeat(width) + "\r");
      out.flush();
      width = 0;
    }
  }
}
