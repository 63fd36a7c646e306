package org.musicanalytics.client.pipeline;

import java.util.List;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.RankedSong;

/**
 * The listening of a run's users, plays per user and song, split into partitions by user so
 * that each user's whole history is in one partition: what the record pass (round 1 of the
 * learned recommender) hands to rounds 2 and 3, read back one partition at a time so that no
 * more than one partition need be held at once.
 *
 * <p>A run {@linkplain AnalyticsPipeline#withListening learning from listening} hands them
 * over as {@link PipelineResult#listening()}; its caller owns them and closes them. A
 * user's partition is a stable hash of the user id (the same in every run and on every
 * target), so the partitions, their users, songs and plays are the same whatever the shards'
 * size and order and the concurrency; each partition's binary form fits the bound the
 * pipeline was given. Users are listed by id and songs by key, ascending, and the pairs by
 * user, then song.
 */
public interface ListeningPartitions extends AutoCloseable {

  /** How many partitions there are; at least 1. */
  int count();

  /**
   * Partition {@code index} ({@code 0 <= index < count()}), its {@code partition} and
   * {@code partitions} fields set. Each user of the run is in exactly one partition, with
   * every song they played. A partition may be read more than once (rounds 2 and 3 both read
   * it), and gives the same message each time.
   */
  ListeningPartition partition(int index);

  /**
   * The input's recent popularity: every song played in the last {@code recentDays} days of
   * the input (the UTC days up to and including the latest day with a play), ranked by those
   * plays descending, ties by key ascending, as {@code RankedSong}s with key, artist and plays.
   */
  List<RankedSong> recentRanking(int recentDays);

  /** Frees what the partitions hold, such as files they were spilled to. */
  @Override
  void close();
}
