package org.musicanalytics.client.pipeline.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.function.Supplier;
import org.musicanalytics.client.pipeline.ListeningPartitions;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.mapreduce.GenreAnswer;
import org.musicanalytics.functions.mapreduce.PlayCountsAnswer;
import org.musicanalytics.functions.userbehavior.UserStatsAnswer;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.UserStatsList;

/**
 * The merged answers of the record-reading stages so far, whichever way they arrived:
 * as three answers per shard (the plain path) or as the bytes of a compact
 * {@code ShardCounts} (the fused path: each string once, counts by index), merged from the
 * wire. The merge is functions/counting's {@link MergedCounts}, which keeps the totals
 * by id in primitive tables, and the stages' answers are made from them once, so any order
 * of arrival gives the same answers.
 *
 * <p>A run that learns from listening ({@link #withListening}) asks the fused calls for each
 * shard's listening too, and spills it as it is merged ({@link ListeningSpill}); an answer
 * without it fails the run ({@link NoListeningException}).
 * Thread-safe: answers arrive from several calls at once.
 */
public final class PartialAnswers {

  private final MergedCounts merged = new MergedCounts();
  /** The listening's spill, or null for a run that does not learn from listening. */
  private final ListeningSpill listening;
  private boolean listeningHandedOn;

  /** Merged answers without listening. */
  public PartialAnswers() {
    this.listening = null;
  }

  private PartialAnswers(long maxPartitionBytes) {
    this.listening = new ListeningSpill(merged, maxPartitionBytes);
  }

  /**
   * Merged answers of fused calls that were asked for listening, spilled into partitions of
   * at most {@code maxPartitionBytes} of protobuf each; the caller {@linkplain #close closes}
   * them after a failure.
   */
  public static PartialAnswers withListening(long maxPartitionBytes) {
    return new PartialAnswers(maxPartitionBytes);
  }

  /** {@link #withListening} for a bound above 0, else without listening. */
  public static PartialAnswers of(long maxListeningPartitionBytes) {
    return maxListeningPartitionBytes > 0 ? withListening(maxListeningPartitionBytes)
        : new PartialAnswers();
  }

  /** Whether the shards' listening is asked for and spilled. */
  public boolean listening() {
    return listening != null;
  }

  /**
   * An answer that counts a shard's plays but lists none of its listening, though asked:
   * what a host of an older build, which ignores {@code with_listening}, answers.
   */
  public static final class NoListeningException extends IllegalStateException {
    NoListeningException() {
      super("its answer holds no listening (ShardCounts fields 20-25) although the run asked "
          + "for it (with_listening): the host runs an older build that does not count "
          + "listening. Update the host, or run with --recommender top-artist-filter, "
          + "which needs none");
    }
  }

  /**
   * Merges one shard's three answers.
   *
   * @throws IllegalArgumentException if they cannot be merged with the others
   * @throws ArithmeticException if a count overflows
   */
  public synchronized void add(PlayCounts counts, UserStatsList users,
      GenreAnalysisResponse genreCounts) {
    merged.add(counts);
    merged.add(users);
    merged.add(genreCounts);
  }

  /**
   * Merges one shard's {@code ShardCounts}.
   *
   * @throws IllegalArgumentException if it cannot be merged with the others
   * @throws ArithmeticException if a count overflows
   */
  public synchronized void add(ShardCounts counts) {
    merged.add(counts);
    requireListening();
  }

  /**
   * Merges one shard's encoded {@code ShardCounts}.
   *
   * @throws IllegalArgumentException if it is not a {@code ShardCounts} or cannot be merged
   * @throws ArithmeticException if a count overflows
   */
  public synchronized void addEncoded(byte[] summary) {
    try {
      merged.addEncoded(summary);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("the answer is not a ShardCounts: " + e.getMessage(),
          e);
    }
    requireListening();
  }

  private void requireListening() {
    if (listening != null && merged.lastLacksListening()) {
      throw new NoListeningException();
    }
  }

  /**
   * Deletes the listening's spill unless the answers handed it on ({@link #fusedAnswers}):
   * after a failed run.
   */
  public synchronized void close() {
    if (listening != null && !listeningHandedOn) {
      listening.close();
    }
  }

  /**
   * The processing time of the fused passes, summed: the {@code ShardCounts}' own, which
   * the three answers inside do not hold (one pass is not split by stage).
   */
  public synchronized double summarySeconds() {
    return merged.processingTime();
  }

  /**
   * The merged answers of fused calls (one call and one pass per shard for the three
   * stages). The passes' processing time goes to {@code times} as the fused call's: one
   * pass served three stages, and no share of it is any one stage's.
   */
  public RecordDispatch.RecordAnswers fusedAnswers(StageTimes times) {
    times.addFusedProcessing(summarySeconds());
    return new RecordDispatch.RecordAnswers(playCounts(), userStats(), genres(),
        finishListening());
  }

  /** The listening's partitions, now owned by the caller; null for a run without. */
  private synchronized ListeningPartitions finishListening() {
    if (listening == null) {
      return null;
    }
    ListeningPartitions partitions = listening.finish();
    listeningHandedOn = true;
    return partitions;
  }

  /** MapReduce's merged answer. */
  public synchronized PlayCounts playCounts() {
    return merged.answer(new PlayCountsAnswer()).setProcessingTime(merged.playCountsTime())
        .build();
  }

  /**
   * UserBehavior's merged answer, without {@code artist_plays}: the results use only each
   * user's totals and top artist, and a map entry per user × artist pair would hold about
   * as much memory as the input.
   */
  public synchronized UserStatsList userStats() {
    return merged.answer(new UserStatsAnswer(false))
        .setProcessingTime(merged.userStatsTime()).build();
  }

  /** GenreAnalysis's merged answer. */
  public synchronized GenreAnalysisResponse genres() {
    return merged.answer(new GenreAnswer()).setProcessingTime(merged.genresTime()).build();
  }

  /**
   * Runs {@code merge} of a stage's partial answers; answers that cannot be merged are the
   * stage's failure on {@code shard}.
   */
  public static <T> T mergeStep(Stage stage, String shard, Supplier<T> merge) {
    try {
      return merge.get();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new StageFailedException(stage, shard,
          "its answers cannot be merged: " + e.getMessage(), e);
    }
  }
}
