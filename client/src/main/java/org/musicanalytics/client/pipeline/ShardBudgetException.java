package org.musicanalytics.client.pipeline;

/** Something that must travel in one message does not fit in the shard budget. */
public class ShardBudgetException extends RuntimeException {
  public ShardBudgetException(String message) {
    super(message);
  }
}
