package org.musicanalytics.client.pipeline.internal;

import org.musicanalytics.client.pipeline.EncodedShard;
import org.musicanalytics.client.pipeline.FusedStages;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.csv.Utf8Row;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.proto.StreamRecord;

/**
 * The record-reading stages in one fused call per shard: each shard is encoded once,
 * straight from the input's fields, sent to {@link FusedStages#analyzeShard}, and its
 * encoded answer merged from the wire. The time of the fused calls, and of the passes the
 * host reports for them, is counted as the fused call's: one pass is not split by stage.
 */
public final class FusedStageCall implements RecordDispatch {

  private final FusedStages fused;
  private final StageTimes times;
  private final EncodingShardCutter encoder;
  private final PartialAnswers answers;

  private FusedStageCall(FusedStages fused, ShardBudget budget, StageTimes times,
      ShardSender sender, long maxListeningPartitionBytes) {
    this.fused = fused;
    this.times = times;
    this.answers = PartialAnswers.of(maxListeningPartitionBytes);
    this.encoder = new EncodingShardCutter(budget, answers.listening(),
        shard -> sender.send(shard.records(), () -> analyze(shard)));
  }

  /** The dispatch of each run to the fused call of {@code fused}. */
  public static Factory over(FusedStages fused) {
    return (budget, times, sender, listening) ->
        new FusedStageCall(fused, budget, times, sender, listening);
  }

  @Override
  public void accept(StreamRecord record) {
    encoder.accept(record.getUserId(), record.getSongId(), record.getArtist(),
        record.getDuration(), record.getTimestamp(), record.getGenre());
  }

  @Override
  public void accept(String userId, String songId, String artist, int duration,
      String timestamp, String genre) {
    encoder.accept(userId, songId, artist, duration, timestamp, genre);
  }

  /** Encodes the row from its bytes, without decoding its text. */
  @Override
  public void accept(Utf8Row row) {
    encoder.accept(row);
  }

  @Override
  public void finish() {
    encoder.finish();
  }

  @Override
  public int shardsCut() {
    return encoder.shardsCut();
  }

  /**
   * The merged answers. The fused calls' times and the passes' processing time stay the
   * fused call's: one pass served three stages, and no share of it is any one stage's.
   */
  @Override
  public RecordAnswers merged() {
    return answers.fusedAnswers(times);
  }

  @Override
  public void close() {
    answers.close();
  }

  private void analyze(EncodedShard shard) {
    String where = shard.describe();
    long callStart = System.nanoTime();
    byte[] summary;
    try {
      summary = fused.analyzeShard(shard);
    } catch (StageFailedException e) {
      throw e.onShard(where);
    } finally {
      times.addFused(callStart, System.nanoTime());
    }
    try {
      answers.addEncoded(summary);
    } catch (PartialAnswers.NoListeningException e) {
      throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
          fused.where() + ", " + where, e.getMessage(), e);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
          where, "its answers cannot be merged: " + e.getMessage(), e);
    }
  }
}
