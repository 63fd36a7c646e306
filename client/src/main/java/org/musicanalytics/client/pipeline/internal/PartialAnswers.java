package org.musicanalytics.client.pipeline.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import org.musicanalytics.functions.Summaries;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardSummary;
import org.musicanalytics.proto.UserStatsList;

/**
 * The merged answers of the record-reading stages so far, whichever way they arrived:
 * as three answers per shard (the plain path) or as the bytes of a {@code ShardSummary}
 * (the fused path). Merging is the pure merge of functions/common, so any order of
 * arrival gives the same answers. Thread-safe: answers arrive from several calls at once.
 */
public final class PartialAnswers {

  private PlayCounts playCounts;
  private UserStatsList userStats;
  private GenreAnalysisResponse genres;
  private double summarySeconds;

  /**
   * Merges one shard's three answers.
   *
   * @throws IllegalArgumentException if they cannot be merged with the others
   * @throws ArithmeticException if a count overflows
   */
  public synchronized void add(PlayCounts counts, UserStatsList users,
      GenreAnalysisResponse genreCounts) {
    playCounts = playCounts == null ? counts : Summaries.merge(playCounts, counts);
    userStats = userStats == null ? users : Summaries.merge(userStats, users);
    genres = genres == null ? genreCounts : Summaries.merge(genres, genreCounts);
  }

  /**
   * Merges one shard's encoded {@code ShardSummary}.
   *
   * @throws IllegalArgumentException if it is not a {@code ShardSummary} or cannot be merged
   * @throws ArithmeticException if a count overflows
   */
  public void addEncoded(byte[] summary) {
    ShardSummary parsed;
    try {
      parsed = ShardSummary.parseFrom(summary);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("the answer is not a ShardSummary: " + e.getMessage(),
          e);
    }
    synchronized (this) {
      add(parsed.getPlayCounts(), parsed.getUserStats(), parsed.getGenres());
      summarySeconds += parsed.getProcessingTime();
    }
  }

  /**
   * The processing time of the fused passes, summed: the {@code ShardSummary}s' own, which
   * the three answers inside do not hold (one pass is not split by stage).
   */
  public synchronized double summarySeconds() {
    return summarySeconds;
  }

  /** MapReduce's merged answer. */
  public synchronized PlayCounts playCounts() {
    return playCounts == null ? PlayCounts.getDefaultInstance() : playCounts;
  }

  /** UserBehavior's merged answer. */
  public synchronized UserStatsList userStats() {
    return userStats == null ? UserStatsList.getDefaultInstance() : userStats;
  }

  /** GenreAnalysis's merged answer. */
  public synchronized GenreAnalysisResponse genres() {
    return genres == null ? GenreAnalysisResponse.getDefaultInstance() : genres;
  }
}
