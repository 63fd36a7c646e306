package org.musicanalytics.functions;

/**
 * The only clock a stage reads: its own processing time, reported in the response's
 * {@code processing_time} field. Nothing else in a response depends on time.
 */
public final class StageClock {

  private final long startNanos = System.nanoTime();

  private StageClock() {}

  /** Starts timing a stage. */
  public static StageClock start() {
    return new StageClock();
  }

  /** Seconds since {@link #start()}. */
  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
