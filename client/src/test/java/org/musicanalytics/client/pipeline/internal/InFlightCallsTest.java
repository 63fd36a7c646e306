package org.musicanalytics.client.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightCallsTest {

  @Test
  void shouldHoldTheSubmitterBackWhileTheLimitIsInFlight() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    try (InFlightCalls calls = new InFlightCalls(2)) {
      Runnable blocked = () -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ran.incrementAndGet();
      };
      calls.submit(blocked);
      calls.submit(blocked);

      CompletableFuture<Void> third = CompletableFuture.runAsync(() -> calls.submit(blocked));
      Thread.sleep(200);
      assertThat(third).as("a third call waits while two are in flight").isNotDone();

      release.countDown();
      third.get(5, TimeUnit.SECONDS);
      calls.awaitAll();
      assertThat(ran).hasValue(3);
    }
  }

  @Test
  void shouldRethrowTheFirstFailureAtTheNextSubmitOrAtTheEnd() throws Exception {
    try (InFlightCalls calls = new InFlightCalls(3)) {
      calls.submit(() -> {
        throw new IllegalStateException("first");
      });
      assertThatThrownBy(calls::awaitAll).hasMessage("first");
      assertThatThrownBy(() -> calls.submit(() -> {})).hasMessage("first");
    }
  }

  @Test
  void shouldRunOnTheCallersThreadWithALimitOfOne() {
    Thread caller = Thread.currentThread();
    try (InFlightCalls calls = new InFlightCalls(1)) {
      calls.submit(() -> assertThat(Thread.currentThread()).isSameAs(caller));
      calls.awaitAll();
    }
    assertThatThrownBy(() -> new InFlightCalls(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
