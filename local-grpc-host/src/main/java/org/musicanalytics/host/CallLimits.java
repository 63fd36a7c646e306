package org.musicanalytics.host;

import java.util.Map;

/**
 * How much work the host takes on at once.
 *
 * <p>A call beyond {@code maxConcurrentCalls} is refused at once with
 * {@code RESOURCE_EXHAUSTED} and the trailer {@code grpc-retry-pushback-ms}, rather than
 * queued: a queue would hold its request in memory and let every caller's deadline run
 * out, while a refusal tells the caller to back off and retry.
 *
 * @param executorThreads threads running the analytics functions
 * @param maxConcurrentCalls contract calls in flight at once (admitted and not yet
 *     closed), at least {@code executorThreads}
 */
public record CallLimits(int executorThreads, int maxConcurrentCalls) {

  /**
   * The default pool: one thread per core. The functions are CPU-bound, so more threads
   * add context switches and memory (each running call holds its request), not
   * throughput.
   */
  public static final int DEFAULT_EXECUTOR_THREADS =
      Runtime.getRuntime().availableProcessors();

  /**
   * The default limit: 32 calls. The client keeps 4 shards in flight by default (up to 12
   * calls when it calls the three stages separately); 32 leaves room for two such runs at
   * once, or one at {@code --concurrency 32}, while bounding the requests held in memory
   * to 32 (4 MiB each at the client's default shard size for a running host).
   */
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 32;

  /** The environment variable that sets {@link #executorThreads()}. */
  public static final String EXECUTOR_THREADS_VARIABLE = "HOST_EXECUTOR_THREADS";

  /** The environment variable that sets {@link #maxConcurrentCalls()}. */
  public static final String MAX_CONCURRENT_CALLS_VARIABLE = "HOST_MAX_CONCURRENT_CALLS";

  /**
   * @throws IllegalArgumentException if a number is not positive, or fewer calls than
   *     threads are allowed (threads would sit idle)
   */
  public CallLimits {
    HostSettingsReader.checkPositive(executorThreads, "executorThreads", "threads");
    HostSettingsReader.checkPositive(maxConcurrentCalls, "maxConcurrentCalls", "calls");
    if (maxConcurrentCalls < executorThreads) {
      throw new IllegalArgumentException("the limit of concurrent calls ("
          + maxConcurrentCalls + ") must be at least the executor threads ("
          + executorThreads + "), or threads sit idle");
    }
  }

  /** {@value #DEFAULT_MAX_CONCURRENT_CALLS} calls on one thread per core. */
  public static CallLimits defaults() {
    return resolve(null, null, "threads", "calls");
  }

  /**
   * {@value #EXECUTOR_THREADS_VARIABLE} and {@value #MAX_CONCURRENT_CALLS_VARIABLE}, each
   * defaulting when unset or blank (see {@link #resolve}).
   *
   * @throws IllegalArgumentException naming the variable whose value is bad
   */
  public static CallLimits fromEnvironment(Map<String, String> env) {
    String threads = HostSettingsReader.value(env, EXECUTOR_THREADS_VARIABLE);
    String calls = HostSettingsReader.value(env, MAX_CONCURRENT_CALLS_VARIABLE);
    return resolve(
        threads == null ? null
            : HostSettingsReader.positiveInt(threads, EXECUTOR_THREADS_VARIABLE, "threads"),
        calls == null ? null
            : HostSettingsReader.positiveInt(calls, MAX_CONCURRENT_CALLS_VARIABLE, "calls"),
        EXECUTOR_THREADS_VARIABLE, MAX_CONCURRENT_CALLS_VARIABLE);
  }

  /**
   * Limits from what was given, the rest defaulted: the default pool shrinks to a smaller
   * given call limit, and the default call limit grows to a larger given pool.
   *
   * @param threads the pool size given, or null
   * @param calls the call limit given, or null
   * @param threadsSource where {@code threads} came from, for an error, e.g. a flag
   * @param callsSource where {@code calls} came from
   * @throws IllegalArgumentException naming the source of a bad value, or both sources
   *     when fewer calls than threads were given
   */
  public static CallLimits resolve(Integer threads, Integer calls, String threadsSource,
      String callsSource) {
    if (threads != null) {
      HostSettingsReader.checkPositive(threads, threadsSource, "threads");
    }
    if (calls != null) {
      HostSettingsReader.checkPositive(calls, callsSource, "calls");
    }
    if (threads != null && calls != null && calls < threads) {
      throw new IllegalArgumentException(callsSource + " (" + calls + ") must be at least "
          + threadsSource + " (" + threads + "), or threads sit idle");
    }
    int poolSize = threads != null ? threads
        : Math.min(DEFAULT_EXECUTOR_THREADS, calls != null ? calls : Integer.MAX_VALUE);
    int limit = calls != null ? calls : Math.max(DEFAULT_MAX_CONCURRENT_CALLS, poolSize);
    return new CallLimits(poolSize, limit);
  }
}
