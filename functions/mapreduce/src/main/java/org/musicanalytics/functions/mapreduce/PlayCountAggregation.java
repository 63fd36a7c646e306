package org.musicanalytics.functions.mapreduce;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * The map-reduce behind both song play counts and genre counts: every record maps to
 * one key and a count of one, and the counts of equal keys add.
 */
public final class PlayCountAggregation {

  private final Function<StreamRecord, String> key;

  /** @param key what a play is counted under: its song key, its genre, ... */
  public PlayCountAggregation(Function<StreamRecord, String> key) {
    this.key = key;
  }

  /** Plays per key over every record of {@code plays}. */
  public Map<String, Long> count(StreamList plays) {
    Map<String, Long> counts = new HashMap<>();
    for (StreamRecord record : plays.getRecordsList()) {
      counts.merge(key.apply(record), 1L, Long::sum);
    }
    return counts;
  }
}
