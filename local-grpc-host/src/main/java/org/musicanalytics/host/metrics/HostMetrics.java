package org.musicanalytics.host.metrics;

import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.StageRpc;
import org.musicanalytics.host.internal.CallLog.ClosedCall;

/**
 * The host's Prometheus metrics, and the HTTP endpoint that serves them.
 *
 * <p>Micrometer's gRPC server interceptor gives the standard per-method call metrics
 * ({@code grpc_server_processing_duration_seconds}, with a histogram for latency
 * quantiles); this class adds what only the host knows: records processed per stage,
 * calls refused by the call limit and by size, calls in flight, the function pool's queue
 * (Micrometer's executor binder), and the JVM's heap, GC pauses and threads. The host
 * installs the interceptor on the contract's services only, so health checks and
 * reflection are not counted as work. The endpoint is the Prometheus client's own HTTP
 * server.
 */
public final class HostMetrics implements AutoCloseable {

  /** The default port of the endpoint, the Prometheus exporters' customary one. */
  public static final int DEFAULT_PORT = 9464;

  /** The environment variable that sets the port; 0 turns the endpoint off. */
  public static final String PORT_VARIABLE = "HOST_METRICS_PORT";

  /** The endpoint's path. */
  public static final String PATH = "/metrics";

  static final String RECORDS = "music_analytics.host.records";
  static final String REFUSED = "music_analytics.host.refused";
  static final String IN_FLIGHT = "music_analytics.host.calls.in.flight";
  static final String POOL = "host-functions";

  private final PrometheusMeterRegistry registry;
  private final boolean ownsRegistry;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Map<Stage, Counter> records = new EnumMap<>(Stage.class);
  private final Counter refusedByLimit;
  private final Counter refusedBySize;
  private final ServerInterceptor callInterceptor;
  private HTTPServer server;

  private HostMetrics(PrometheusMeterRegistry registry, boolean ownsRegistry) {
    this.registry = registry;
    this.ownsRegistry = ownsRegistry;
    callInterceptor = new MetricCollectingServerInterceptor(registry, counter -> counter,
        timer -> timer.publishPercentileHistogram(), Status.Code.OK);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    for (Stage stage : Stage.values()) {
      records.put(stage, Counter.builder(RECORDS)
          .description("Records the host's functions processed, per stage")
          .tag("stage", stage.metricsName())
          .register(registry));
    }
    refusedByLimit = refused("limit");
    refusedBySize = refused("size");
  }

  /** Metrics kept in memory only, read with {@link #scrape()}. */
  public static HostMetrics unserved() {
    return new HostMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), true);
  }

  /**
   * Metrics registered in a registry another endpoint serves: a run's embedded host,
   * whose metrics the run serves beside its own figures. Closing these metrics leaves the
   * registry to its owner.
   */
  public static HostMetrics in(PrometheusMeterRegistry registry) {
    return new HostMetrics(registry, false);
  }

  /**
   * Metrics served at {@code http://host:port/metrics}.
   *
   * @param host the address to listen on, e.g. {@code 127.0.0.1}
   * @param port the port; 0 picks a free one
   * @throws IOException if the address cannot be bound
   */
  public static HostMetrics serve(String host, int port) throws IOException {
    HostMetrics metrics = unserved();
    try {
      metrics.server = HTTPServer.builder()
          .hostname(host)
          .port(port)
          .registry(metrics.registry.getPrometheusRegistry())
          .buildAndStart();
    } catch (IOException e) {
      metrics.close();
      throw new IOException("cannot serve metrics on " + host + ":" + port + ": "
          + e.getMessage(), e);
    }
    return metrics;
  }

  /**
   * The port a metrics setting names: a number from 0 (off) to 65535.
   *
   * @param source the flag or variable it came from, for the error
   * @throws IllegalArgumentException naming {@code source} when the value is no port
   */
  public static int port(String value, String source) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(source + " must be a port number from 0 (off) to 65535,"
        + " was \"" + value + "\"");
  }

  /**
   * The port the endpoint listens on.
   *
   * @throws IllegalStateException if the metrics are {@linkplain #unserved() unserved}
   */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("the metrics are not served");
    }
    return server.getPort();
  }

  /** The metrics now, in the Prometheus text format: what the endpoint answers. */
  public String scrape() {
    return registry.scrape();
  }

  /** Install on every contract service, outermost, so refused calls are counted too. */
  public ServerInterceptor callInterceptor() {
    return callInterceptor;
  }

  /** Hand every closed contract call here (the host's call log does). */
  public Consumer<ClosedCall> callObserver() {
    return this::closed;
  }

  /**
   * Watches the pool running the functions (threads, queue) and the calls in flight.
   *
   * @param functions the function pool
   * @param inFlight the contract calls admitted and not yet finished
   */
  public void watch(ExecutorService functions, IntSupplier inFlight) {
    new ExecutorServiceMetrics(functions, POOL, Tags.empty()).bindTo(registry);
    Gauge.builder(IN_FLIGHT, inFlight::getAsInt)
        .description("Contract calls admitted and not yet finished")
        .register(registry);
  }

  /** Stops the endpoint and the GC listener. */
  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    gc.close();
    if (ownsRegistry) {
      registry.close();
    }
  }

  private void closed(ClosedCall call) {
    if (call.code() == Status.Code.RESOURCE_EXHAUSTED && !call.requestRead()) {
      (call.shed() ? refusedByLimit : refusedBySize).increment();
      return;
    }
    if (call.code() != Status.Code.OK || call.records().isEmpty()) {
      return;
    }
    int count = call.records().getAsInt();
    StageRpc.forMethod(call.fullMethodName()).ifPresent(rpc ->
        rpc.stages().forEach(stage -> records.get(stage).increment(count)));
  }

  private Counter refused(String reason) {
    return Counter.builder(REFUSED)
        .description("Contract calls refused: by the call limit, or for the request's size")
        .tag("reason", reason)
        .register(registry);
  }
}
