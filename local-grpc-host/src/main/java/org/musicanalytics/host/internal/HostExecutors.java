package org.musicanalytics.host.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host's two bounded thread pools: {@link #functions()} runs the analytics functions,
 * {@link #transport()} is gRPC's own executor for the short work of every call.
 *
 * <p>The transport pool never runs a function, so a refusal or a health check is answered
 * at once even while every function thread is busy. Threads are daemons, so a host nobody
 * closed does not keep the JVM alive.
 */
public final class HostExecutors implements AutoCloseable {

  private final ThreadPoolExecutor functions;
  private final ExecutorService transport;

  /**
   * @param threads threads running functions, and (at least 2) serving gRPC itself
   * @param queueCapacity calls that may wait for a function thread
   */
  public HostExecutors(int threads, int queueCapacity) {
    functions = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(queueCapacity), daemons("host-function-"),
        new ThreadPoolExecutor.AbortPolicy());
    int transportThreads = Math.max(2, threads);
    transport = new ThreadPoolExecutor(transportThreads, transportThreads, 0,
        TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemons("host-grpc-"));
  }

  /** Runs the analytics functions. */
  public ExecutorService functions() {
    return functions;
  }

  /** gRPC's executor for the server (see the class comment). */
  public ExecutorService transport() {
    return transport;
  }

  /** Stops both pools, interrupting what still runs (the server has stopped by then). */
  @Override
  public void close() {
    functions.shutdownNow();
    transport.shutdownNow();
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
