package org.musicanalytics.client.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link RetryPolicy} on a fake clock: the sleeper advances it, so the waits are exact and
 * the test takes no time.
 */
class RetryPolicyTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  /** A clock that only the sleeps move, recording each. */
  private static final class FakeTime {
    long now = 1_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();

    RetryPolicy on(RetryPolicy policy) {
      return policy.withClock(() -> now, nanos -> {
        sleeps.add(nanos);
        now += nanos;
      });
    }
  }

  private static final class Flaky extends RuntimeException {
    Flaky(String message) {
      super(message);
    }
  }

  /** Fails the first {@code failures} attempts with {@code failure}, then answers "ok". */
  private static RetryPolicy.Attempt<String> failing(int failures, RuntimeException failure,
      List<Duration> remainings) {
    AtomicInteger attempts = new AtomicInteger();
    return (number, remaining) -> {
      assertThat(number).isEqualTo(attempts.incrementAndGet());
      remainings.add(remaining);
      if (number <= failures) {
        throw failure;
      }
      return "ok";
    };
  }

  @Test
  void shouldRetryWithFullJitterUnderADoublingCappedCeiling() {
    FakeTime time = new FakeTime();
    RetryPolicy policy = time.on(RetryPolicy.of(5, Duration.ofMillis(100), Duration.ofMillis(300))
        .withRandom(() -> 0.5));
    List<Duration> remainings = new ArrayList<>();

    String answer = policy.call(Duration.ofMinutes(1), failing(5, new Flaky("down"), remainings),
        failure -> RetryPolicy.Verdict.RETRY);

    assertThat(answer).isEqualTo("ok");
    // Half of the ceilings 100, 200, 300 (capped), 300, 300 ms.
    assertThat(time.sleeps).containsExactly(50_000_000L, 100_000_000L, 150_000_000L,
        150_000_000L, 150_000_000L);
    // Each attempt is given what is left of the timeout.
    assertThat(remainings).hasSize(6);
    assertThat(remainings.get(0)).isEqualTo(Duration.ofMinutes(1));
    assertThat(remainings.get(5)).isEqualTo(Duration.ofMinutes(1).minusMillis(600));
    assertThat(policy.retriesMade()).isEqualTo(5);
  }

  @Test
  void shouldDrawEachWaitUniformlyBelowItsCeiling() {
    RetryPolicy policy = RetryPolicy.of(3, Duration.ofMillis(100), SECOND);
    for (int i = 0; i < 1000; i++) {
      assertThat(policy.jitteredDelayNanos(1)).isBetween(0L, 100_000_000L - 1);
      assertThat(policy.jitteredDelayNanos(4)).isBetween(0L, 800_000_000L - 1);
      assertThat(policy.jitteredDelayNanos(20)).isBetween(0L, 1_000_000_000L - 1);
    }
  }

  @Test
  void shouldGiveUpAfterTheRetriesWithTheLastFailure() {
    FakeTime time = new FakeTime();
    RetryPolicy policy = time.on(RetryPolicy.of(2, Duration.ofMillis(10), SECOND));
    Flaky last = new Flaky("still down");

    RetryPolicy.GaveUp gaveUp = catchThrowableOfType(RetryPolicy.GaveUp.class,
        () -> policy.call(SECOND.multipliedBy(60), failing(10, last, new ArrayList<>()),
            failure -> RetryPolicy.Verdict.RETRY));

    assertThat(gaveUp.attempts()).isEqualTo(3);
    assertThat(gaveUp.last()).isSameAs(last);
    assertThat(gaveUp.describe("UNAVAILABLE: still down"))
        .isEqualTo("after 3 attempts: UNAVAILABLE: still down");
    assertThat(time.sleeps).hasSize(2);
    assertThat(policy.retriesMade()).isEqualTo(2);
  }

  @Test
  void shouldNotRetryAFinalFailure() {
    FakeTime time = new FakeTime();
    RetryPolicy policy = time.on(RetryPolicy.defaults());

    RetryPolicy.GaveUp gaveUp = catchThrowableOfType(RetryPolicy.GaveUp.class,
        () -> policy.call(SECOND, failing(1, new Flaky("bad request"), new ArrayList<>()),
            failure -> RetryPolicy.Verdict.FINAL));

    assertThat(gaveUp.attempts()).isOne();
    assertThat(gaveUp.describe("INVALID_ARGUMENT: bad")).isEqualTo("INVALID_ARGUMENT: bad");
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void shouldWaitAtLeastWhatTheServerAsks() {
    FakeTime time = new FakeTime();
    RetryPolicy policy = time.on(RetryPolicy.of(1, Duration.ofMillis(10), Duration.ofMillis(10))
        .withRandom(() -> 0.99));

    String answer = policy.call(SECOND.multipliedBy(10), failing(1, new Flaky("shed"),
        new ArrayList<>()), failure -> RetryPolicy.Verdict.retryAfter(Duration.ofMillis(750)));

    assertThat(answer).isEqualTo("ok");
    assertThat(time.sleeps).containsExactly(750_000_000L);
  }

  @Test
  void shouldNotStartARetryTheTimeoutCannotHold() {
    FakeTime time = new FakeTime();
    RetryPolicy policy = time.on(RetryPolicy.of(10, SECOND, SECOND).withRandom(() -> 0.9));

    RetryPolicy.GaveUp gaveUp = catchThrowableOfType(RetryPolicy.GaveUp.class,
        () -> policy.call(Duration.ofMillis(2500), failing(10, new Flaky("down"),
            new ArrayList<>()), failure -> RetryPolicy.Verdict.RETRY));

    // Waits of 0.9 s at 0 and 0.9 s; a third would end at 2.7 s, past the 2.5 s timeout.
    assertThat(time.sleeps).containsExactly(900_000_000L, 900_000_000L);
    assertThat(gaveUp.attempts()).isEqualTo(3);
    assertThat(gaveUp.describe("UNAVAILABLE")).isEqualTo("after 3 attempts (the call "
        + "timeout of 2.5 s leaves no time for another): UNAVAILABLE");
  }

  @Test
  void shouldStopRetryingWhenInterrupted() {
    RetryPolicy policy = RetryPolicy.of(3, SECOND, SECOND).withClock(System::nanoTime,
        nanos -> {
          throw new InterruptedException();
        });

    RetryPolicy.GaveUp gaveUp = catchThrowableOfType(RetryPolicy.GaveUp.class,
        () -> policy.call(SECOND.multipliedBy(60), failing(5, new Flaky("down"),
            new ArrayList<>()), failure -> RetryPolicy.Verdict.RETRY));

    assertThat(gaveUp.attempts()).isOne();
    assertThat(gaveUp.describe("UNAVAILABLE")).contains("retries interrupted");
    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
  }

  @Test
  void shouldRefuseRetriesOutOfRangeAndDelaysOutOfOrder() {
    assertThatThrownBy(() -> RetryPolicy.of(-1, SECOND, SECOND))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.of(RetryPolicy.MAX_RETRIES + 1, SECOND, SECOND))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.of(1, SECOND, Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
