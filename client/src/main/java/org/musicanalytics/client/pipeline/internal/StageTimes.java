package org.musicanalytics.client.pipeline.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.musicanalytics.client.pipeline.CallTimes;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.functions.Stage;

/**
 * The client's times in one run, per stage and for the fused call: the span from the
 * first call sent to the last answer, and the calls' times summed; thread-safe.
 */
public final class StageTimes {

  private final Map<Stage, Span> stages = new EnumMap<>(Stage.class);
  private final Span fused = new Span();
  private double fusedProcessingSeconds;

  public StageTimes() {
    for (Stage stage : Stage.values()) {
      stages.put(stage, new Span());
    }
  }

  /** Calls a stage on a shard, timed as the stage's; a failure names the shard. */
  public <T> T call(Stage stage, String shard, Supplier<T> call) {
    long callStart = System.nanoTime();
    try {
      return call.get();
    } catch (StageFailedException e) {
      throw e.onShard(shard);
    } finally {
      add(stages.get(stage), callStart, System.nanoTime());
    }
  }

  /** Counts a fused call sent at {@code startNanos} and answered at {@code endNanos}. */
  public void addFused(long startNanos, long endNanos) {
    add(fused, startNanos, endNanos);
  }

  /** Counts {@code seconds} more of the host's processing time for the fused calls. */
  public synchronized void addFusedProcessing(double seconds) {
    fusedProcessingSeconds += seconds;
  }

  /** The times per stage so far, of the calls made to the stage itself. */
  public synchronized Map<Stage, CallTimes> stages() {
    Map<Stage, CallTimes> times = new EnumMap<>(Stage.class);
    stages.forEach((stage, span) -> times.put(stage, span.times()));
    return times;
  }

  /** The fused calls' times so far; {@link CallTimes#NONE} if none was made. */
  public synchronized CallTimes fused() {
    return fused.times();
  }

  /** The host's processing time for the fused calls, summed over them. */
  public synchronized double fusedProcessingSeconds() {
    return fusedProcessingSeconds;
  }

  private synchronized void add(Span span, long startNanos, long endNanos) {
    span.first = Math.min(span.first, startNanos);
    span.last = Math.max(span.last, endNanos);
    span.summedNanos += endNanos - startNanos;
    span.calls++;
  }

  /** One stage's or the fused call's calls so far; guarded by the enclosing instance. */
  private static final class Span {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long summedNanos;
    int calls;

    CallTimes times() {
      return calls == 0 ? CallTimes.NONE
          : new CallTimes((last - first) / 1e9, summedNanos / 1e9, calls);
    }
  }
}
