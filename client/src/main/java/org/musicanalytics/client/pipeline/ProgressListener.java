package org.musicanalytics.client.pipeline;

/**
 * Told how a run goes on, for a progress display. Called from any of the run's threads.
 */
public interface ProgressListener {

  /** Tells nobody. */
  ProgressListener NONE = new ProgressListener() {
    @Override
    public void recordsDone(int shards, long records) {}
  };

  /**
   * One more shard of records has been analysed and merged.
   *
   * @param shards shards done so far
   * @param records records in them
   */
  void recordsDone(int shards, long records);

  /** The run is over, done or failed: a display can clear itself. */
  default void finished() {}
}
