package org.musicanalytics.counting;

/**
 * Where a merge hands the listening of each shard as it reads it ({@link
 * MergedCounts#forwardListeningTo}), instead of keeping it: plays per user and song, and per
 * song and day, under the merge's own run-wide ids, which {@link MergedCounts#user} and
 * {@link MergedCounts#songKey} name. A user and song pair may come once per shard that holds
 * it; the receiver adds them up.
 */
public interface ListeningSink {

  /** {@code plays} of song {@code song} by user {@code user}, from one shard. */
  void listened(int user, int song, long plays);

  /** {@code plays} of song {@code song} on UTC day {@code epochDay}, from one shard. */
  void playedOn(int song, int epochDay, long plays);
}
