package org.musicanalytics.client.pipeline.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs calls with at most {@code limit} of them in flight. {@link #submit} blocks while
 * {@code limit} calls are outstanding, which holds the reader back (and with it the
 * memory of the shards read ahead). The first failure of a call is rethrown by the next
 * {@code submit} or by {@link #awaitAll}. A limit of 1 runs each call on the caller's
 * thread.
 */
public final class InFlightCalls implements AutoCloseable {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final int limit;
  private final Semaphore permits;
  private final ExecutorService executor;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /** @param limit most calls in flight at once, at least 1 */
  public InFlightCalls(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("at least one call must be allowed, was " + limit);
    }
    this.limit = limit;
    this.permits = new Semaphore(limit);
    if (limit == 1) {
      this.executor = null;
    } else {
      int pool = POOLS.incrementAndGet();
      AtomicInteger threads = new AtomicInteger();
      this.executor = Executors.newFixedThreadPool(limit, task -> {
        Thread thread = new Thread(task,
            "music-analytics-calls-" + pool + "-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
    }
  }

  /**
   * Runs {@code call}, waiting first while {@code limit} calls are in flight.
   *
   * @throws RuntimeException the first failure of an earlier call, if any
   */
  public void submit(Runnable call) {
    rethrowFailure();
    if (executor == null) {
      call.run();
      return;
    }
    permits.acquireUninterruptibly();
    if (failure.get() != null) {
      permits.release();
      rethrowFailure();
    }
    try {
      executor.execute(() -> {
        try {
          call.run();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          permits.release();
        }
      });
    } catch (RejectedExecutionException e) {
      permits.release();
      throw e;
    }
  }

  /**
   * Waits until no call is in flight.
   *
   * @throws RuntimeException the first failure of a call, if any
   */
  public void awaitAll() {
    if (executor != null) {
      permits.acquireUninterruptibly(limit);
      permits.release(limit);
    }
    rethrowFailure();
  }

  private void rethrowFailure() {
    Throwable first = failure.get();
    if (first instanceof RuntimeException e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
    if (first != null) {
      throw new IllegalStateException(first);
    }
  }

  /** Stops the threads, interrupting calls still in flight (after a failure). */
  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
