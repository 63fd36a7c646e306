package org.musicanalytics.counting;

/**
 * A stage's answer made from counted plays: what each record-reading stage implements, so
 * that the engine counts and the stage decides what the counts mean.
 *
 * <p>{@link ShardCounter#answer} hands it one shard's counts, {@link MergedCounts#answer}
 * the counts of every shard merged; the same answer gives the same result for both when
 * they hold the same plays.
 *
 * @param <T> the answer, usually a message builder without its processing time
 */
@FunctionalInterface
public interface CountsAnswer<T> {

  /** The answer for {@code counts}, which it only reads while it runs. */
  T answer(CountedPlays counts);
}
