package org.musicanalytics.client.pipeline.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.functions.Stage;

/** The client's time per stage in one run, summed over the stage's calls; thread-safe. */
public final class StageTimes {

  private final Map<Stage, Double> seconds = new EnumMap<>(Stage.class);

  public StageTimes() {
    for (Stage stage : Stage.values()) {
      seconds.put(stage, 0.0);
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
      add(stage, (System.nanoTime() - callStart) / 1e9);
    }
  }

  /** Counts {@code callSeconds} more to {@code stage}. */
  public synchronized void add(Stage stage, double callSeconds) {
    seconds.merge(stage, callSeconds, Double::sum);
  }

  /** The seconds per stage so far. */
  public synchronized Map<Stage, Double> snapshot() {
    return Map.copyOf(seconds);
  }
}
