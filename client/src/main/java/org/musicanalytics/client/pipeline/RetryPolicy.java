package org.musicanalytics.client.pipeline;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * How every remote target (gRPC and Lambda alike) retries a failed stage call: bounded
 * attempts, exponential backoff with full jitter and a cap, all within the call's
 * timeout.
 *
 * <p>Retrying is safe because every stage call is idempotent: the stages are pure
 * functions of their request. Which failures are worth retrying is the transport's call
 * ({@link Classifier}); the schedule is the same for all.
 */
public final class RetryPolicy {

  /** Retries after the first attempt by default: five attempts in all. */
  public static final int DEFAULT_RETRIES = 4;
  /** The ceiling of the first retry's random wait by default, in seconds. */
  public static final double DEFAULT_FIRST_DELAY_SECONDS = 0.2;
  /** The largest ceiling of a random wait by default, in seconds. */
  public static final double DEFAULT_MAX_DELAY_SECONDS = 10;
  /** The ceiling of the first retry's random wait by default. */
  public static final Duration DEFAULT_FIRST_DELAY =
      Duration.ofMillis((long) (DEFAULT_FIRST_DELAY_SECONDS * 1000));
  /** The largest ceiling of a random wait by default, however many retries came before. */
  public static final Duration DEFAULT_MAX_DELAY =
      Duration.ofMillis((long) (DEFAULT_MAX_DELAY_SECONDS * 1000));
  /** More retries than this only hide a failure that will not heal. */
  public static final int MAX_RETRIES = 100;

  /** Sleeps; tests pass one that advances a fake clock instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  /** One attempt of a call. */
  @FunctionalInterface
  public interface Attempt<T> {
    /**
     * @param number the attempt's number, from 1
     * @param remaining what is left of the call's timeout, more than zero: the attempt's
     *     own deadline
     */
    T run(int number, Duration remaining);
  }

  /** What a transport makes of a failed attempt. */
  @FunctionalInterface
  public interface Classifier {
    Verdict classify(RuntimeException failure);
  }

  /**
   * Whether a failure may heal by itself, and the least wait before trying again.
   *
   * @param retryable whether another attempt may succeed
   * @param minimumDelay the least wait the server asked for, zero if none
   */
  public record Verdict(boolean retryable, Duration minimumDelay) {
    /** A failure another attempt would repeat. */
    public static final Verdict FINAL = new Verdict(false, Duration.ZERO);
    /** A failure another attempt may not meet. */
    public static final Verdict RETRY = new Verdict(true, Duration.ZERO);

    /** Retryable, but not before {@code minimum}. */
    public static Verdict retryAfter(Duration minimum) {
      return new Verdict(true, minimum.isNegative() ? Duration.ZERO : minimum);
    }
  }

  private final int retries;
  private final Duration firstDelay;
  private final Duration maxDelay;
  private final DoubleSupplier random;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private final LongAdder retriesMade = new LongAdder();

  private RetryPolicy(int retries, Duration firstDelay, Duration maxDelay,
      DoubleSupplier random, LongSupplier nanoClock, Sleeper sleeper) {
    if (retries < 0 || retries > MAX_RETRIES) {
      throw new IllegalArgumentException("retries must be from 0 to " + MAX_RETRIES
          + ", was " + retries);
    }
    if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("the delays must be 0 <= first <= max, were "
          + firstDelay + " and " + maxDelay);
    }
    this.retries = retries;
    this.firstDelay = firstDelay;
    this.maxDelay = maxDelay;
    this.random = random;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  /**
   * A policy of up to {@code retries} retries after the first attempt.
   *
   * @throws IllegalArgumentException if retries is out of [0, {@value #MAX_RETRIES}] or
   *     not {@code 0 <= firstDelay <= maxDelay}
   */
  public static RetryPolicy of(int retries, Duration firstDelay, Duration maxDelay) {
    return new RetryPolicy(retries, firstDelay, maxDelay,
        () -> ThreadLocalRandom.current().nextDouble(), System::nanoTime,
        nanos -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos));
  }

  /** The defaults: {@value #DEFAULT_RETRIES} retries, 0.2 s first, 10 s at most. */
  public static RetryPolicy defaults() {
    return of(DEFAULT_RETRIES, DEFAULT_FIRST_DELAY, DEFAULT_MAX_DELAY);
  }

  /** One attempt per call. */
  public static RetryPolicy none() {
    return of(0, Duration.ZERO, Duration.ZERO);
  }

  /** This policy drawing its jitter from {@code random} (values in [0, 1)). */
  public RetryPolicy withRandom(DoubleSupplier random) {
    return new RetryPolicy(retries, firstDelay, maxDelay, random, nanoClock, sleeper);
  }

  /** This policy on another clock and sleeper, for tests. */
  public RetryPolicy withClock(LongSupplier nanoClock, Sleeper sleeper) {
    return new RetryPolicy(retries, firstDelay, maxDelay, random, nanoClock, sleeper);
  }

  /** Retries after the first attempt. */
  public int retries() {
    return retries;
  }

  /** The retries this policy has made so far, over all its calls (a copy counts its own). */
  public long retriesMade() {
    return retriesMade.sum();
  }

  /**
   * Makes attempts until one succeeds, a failure is final, the retries run out or the
   * timeout leaves no time for another.
   *
   * @param timeout the longest the call may take, waits and attempts included
   * @throws GaveUp with the last attempt's failure and how many attempts were made
   */
  public <T> T call(Duration timeout, Attempt<T> attempt, Classifier classifier) {
    long deadline = nanoClock.getAsLong() + timeout.toNanos();
    for (int number = 1; ; number++) {
      long remaining = deadline - nanoClock.getAsLong();
      RuntimeException failure;
      try {
        return attempt.run(number, Duration.ofNanos(Math.max(1, remaining)));
      } catch (RuntimeException e) {
        failure = e;
      }
      Verdict verdict = classifier.classify(failure);
      if (!verdict.retryable()) {
        throw new GaveUp(failure, number, number == 1 ? "" : "after " + number + " attempts");
      }
      if (number > retries) {
        // With retries off, a single attempt says nothing worth adding.
        throw new GaveUp(failure, number, number == 1 ? "" : "after " + number + " attempts");
      }
      long delay = Math.max(jitteredDelayNanos(number), verdict.minimumDelay().toNanos());
      if (nanoClock.getAsLong() + delay >= deadline) {
        throw new GaveUp(failure, number, "after " + number + " attempt"
            + (number == 1 ? "" : "s") + " (the call timeout of " + seconds(timeout)
            + " s leaves no time for another)");
      }
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        // The run is being stopped (another call failed, or a signal): no more attempts.
        Thread.currentThread().interrupt();
        throw new GaveUp(failure, number, "after " + number + " attempt"
            + (number == 1 ? "" : "s") + " (retries interrupted)");
      }
      retriesMade.increment();
    }
  }

  /** The random wait before retry {@code retry} (from 1), in nanoseconds. */
  long jitteredDelayNanos(int retry) {
    double ceiling = Math.min((double) maxDelay.toNanos(),
        firstDelay.toNanos() * Math.pow(2, retry - 1));
    return (long) (random.getAsDouble() * ceiling);
  }

  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return retries + " retries, backoff from " + seconds(firstDelay) + " s up to "
        + seconds(maxDelay) + " s with full jitter";
  }

  /**
   * A call that failed for good: its last attempt's failure, how many attempts were made
   * and why they stopped. A transport turns it into its {@link StageFailedException}.
   */
  public static final class GaveUp extends RuntimeException {

    private final RuntimeException last;
    private final int attempts;
    private final String attemptsNote;

    GaveUp(RuntimeException last, int attempts, String attemptsNote) {
      super(attemptsNote.isEmpty() ? last.getMessage()
          : attemptsNote + ": " + last.getMessage(), last);
      this.last = last;
      this.attempts = attempts;
      this.attemptsNote = attemptsNote;
    }

    /** The last attempt's failure. */
    public RuntimeException last() {
      return last;
    }

    /** How many attempts were made. */
    public int attempts() {
      return attempts;
    }

    /**
     * {@code why}, the last failure's description, prefixed with how many attempts were
     * made when the failure was retryable, e.g. {@code after 5 attempts: UNAVAILABLE: ...};
     * a final failure's description as it is.
     */
    public String describe(String why) {
      return attemptsNote.isEmpty() ? why : attemptsNote + ": " + why;
    }
  }
}
