package org.musicanalytics.host;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.host.internal.CallLimiter;
import org.musicanalytics.host.internal.CallLog;
import org.musicanalytics.host.internal.Causes;
import org.musicanalytics.host.internal.ContractServices;
import org.musicanalytics.host.internal.FunctionBinding;
import org.musicanalytics.host.internal.HostExecutors;
import org.musicanalytics.host.internal.ListenAddresses;
import org.musicanalytics.host.internal.NettyServers;
import org.musicanalytics.host.metrics.HostMetrics;

/**
 * The local gRPC host: one gRPC server that serves every service of the {@code music}
 * contract, each method backed by the analytics function the stage catalogue names for it
 * ({@link org.musicanalytics.functions.StageRpc}), on every listen address; plus gRPC
 * health checking and server reflection. It logs that rpc-to-function table at start.
 *
 * <p>Serving everything everywhere means the old deployment's clients work whichever
 * port they expect a service on (its README and its client disagree about 50055 and
 * 50057). Under load, calls beyond {@link CallLimits} are refused at once with a pushback;
 * health checks and reflection never are, so a busy host still tells its orchestrator it
 * is healthy.
 *
 * <pre>{@code
 * try (AnalyticsHost host = AnalyticsHost.start(HostConfig.ephemeral())) {
 *   InetSocketAddress address = host.addresses().get(0);
 *   ...
 * }
 * }</pre>
 */
public final class AnalyticsHost implements AutoCloseable {

  /** How long {@link #close()} lets in-flight calls finish before cancelling them. */
  public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private static final Logger LOG = Logger.getLogger(AnalyticsHost.class.getName());

  private final Server server;
  private final HostExecutors executors;
  private final CallLimiter limiter;
  private final boolean tls;
  private final HealthStatusManager health = new HealthStatusManager();
  private final List<InetSocketAddress> configured;
  private final List<ServiceDescriptor> services = ContractServices.all();
  private final Map<String, String> functionsByRpc = FunctionBinding.functionsByRpc(services);
  private volatile List<InetSocketAddress> addresses;
  private boolean closed;

  /**
   * Starts a host on a Netty server with every function on the class path
   * ({@link AnalyticsFunctions#load()}).
   *
   * @throws IOException if an address cannot be bound (e.g. a port is in use), no
   *     address being left bound; or if a TLS file is no usable certificate or key
   * @throws IllegalStateException if a contract method has no catalogue entry or no
   *     function
   */
  public static AnalyticsHost start(HostConfig config) throws IOException {
    return start(config, null);
  }

  /**
   * Starts a host as {@link #start(HostConfig)} does, recording its calls in
   * {@code metrics} (none when null); the caller closes the metrics after the host.
   */
  public static AnalyticsHost start(HostConfig config, HostMetrics metrics)
      throws IOException {
    List<InetSocketAddress> listen = config.listenAddresses();
    AnalyticsHost host = new AnalyticsHost(NettyServers.builder(config),
        AnalyticsFunctions.load(), config.callLimits(), metrics, listen,
        config.tls() != null);
    try {
      return host.start();
    } catch (IOException e) {
      host.close();
      String why = Causes.messages(e);
      if (why.contains("Address already in use")) {
        why = "a port is in use: choose free ones with --mapreduce-port, --userbehavior-port, "
            + "--genre-port and --recommendation-port (or MAPREDUCE_PORT and the like)";
      }
      throw new IOException("cannot listen on " + describe(listen) + ": " + why, e);
    }
  }

  /**
   * A host on a server builder of the caller's choosing, e.g. an in-process one in tests.
   * Nothing listens until {@link #start()}. Transport settings (addresses, message
   * size, keepalive, TLS) are the builder's; the host sets its executor.
   *
   * @param functions the functions by name; every contract method needs one
   * @param limits the function pool's size and the limit of calls in flight
   * @throws IllegalStateException if a contract method has no catalogue entry or no
   *     function
   */
  public AnalyticsHost(ServerBuilder<?> serverBuilder,
      Map<String, AnalyticsFunction<?, ?>> functions, CallLimits limits) {
    this(serverBuilder, functions, limits, null, List.of(), false);
  }

  /**
   * A host on a server builder of the caller's choosing that records its calls in
   * {@code metrics}; the caller closes the metrics after the host.
   */
  public AnalyticsHost(ServerBuilder<?> serverBuilder,
      Map<String, AnalyticsFunction<?, ?>> functions, CallLimits limits,
      HostMetrics metrics) {
    this(serverBuilder, functions, limits, metrics, List.of(), false);
  }

  /** A host with the {@linkplain CallLimits#defaults() default limits}. */
  public AnalyticsHost(ServerBuilder<?> serverBuilder,
      Map<String, AnalyticsFunction<?, ?>> functions) {
    this(serverBuilder, functions, CallLimits.defaults());
  }

  private AnalyticsHost(ServerBuilder<?> serverBuilder,
      Map<String, AnalyticsFunction<?, ?>> functions, CallLimits limits, HostMetrics metrics,
      List<InetSocketAddress> configured, boolean tls) {
    this.configured = List.copyOf(configured);
    this.tls = tls;
    // Admitted calls beyond the threads wait in the pool's queue: it holds them all.
    this.executors = new HostExecutors(limits.executorThreads(), limits.maxConcurrentCalls());
    this.limiter = new CallLimiter(limits.maxConcurrentCalls(),
        "--max-concurrent-calls / " + CallLimits.MAX_CONCURRENT_CALLS_VARIABLE);
    CallLog callLog = metrics == null ? new CallLog() : new CallLog(metrics.callObserver());
    if (metrics != null) {
      metrics.watch(executors.functions(), limiter::inFlight);
    }
    for (ServerServiceDefinition service
        : FunctionBinding.bind(services, functions, executors.functions())) {
      // The log's interceptor outside the limiter: a refused call is logged as a contract
      // call; the metrics' outermost, so it is counted as a call of its method too.
      ServerServiceDefinition logged =
          ServerInterceptors.intercept(service, limiter, callLog.interceptor());
      serverBuilder.addService(metrics == null ? logged
          : ServerInterceptors.intercept(logged, metrics.callInterceptor()));
    }
    this.server = serverBuilder
        .executor(executors.transport())
        .addStreamTracerFactory(callLog.tracerFactory())
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .addService(legacyReflection())
        .build();
  }

  /**
   * Binds and starts serving; health reports {@code SERVING} for every service and for
   * the server as a whole ({@code ""}).
   *
   * @return this host
   * @throws IOException if an address cannot be bound
   */
  public AnalyticsHost start() throws IOException {
    server.start();
    addresses = ListenAddresses.inConfiguredOrder(configured, server.getListenSockets());
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    for (ServiceDescriptor service : services) {
      health.setStatus(service.getName(), ServingStatus.SERVING);
    }
    functionsByRpc.forEach((rpc, function) ->
        LOG.info(() -> "rpc " + rpc + " -> function " + function));
    LOG.info(() -> "serving " + serviceNames() + " on " + describe(addresses)
        + (tls ? " with TLS" : ""));
    return this;
  }

  /**
   * The bound addresses, in the order of the configuration, with port 0 resolved to the
   * port actually bound. Empty for a transport without IP sockets (in-process).
   *
   * @throws IllegalStateException if the host has not started
   */
  public List<InetSocketAddress> addresses() {
    List<InetSocketAddress> bound = addresses;
    if (bound == null) {
      throw new IllegalStateException("the host has not started");
    }
    return bound;
  }

  /** Whether the host serves TLS (else plaintext). */
  public boolean usesTls() {
    return tls;
  }

  /** The contract calls in flight now: admitted, and not yet answered or cancelled. */
  public int callsInFlight() {
    return limiter.inFlight();
  }

  /** Blocks until the host has shut down (see {@link #close()}). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Shuts down gracefully: health turns {@code NOT_SERVING}, new calls are refused,
   * in-flight calls get {@link #SHUTDOWN_GRACE} to finish, then are cancelled.
   * Idempotent; safe to call from a shutdown hook.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warning(() -> "calls still running after " + SHUTDOWN_GRACE.toSeconds()
            + " s; cancelling them");
        server.shutdownNow();
        server.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executors.close();
    LOG.info("stopped");
  }

  private String serviceNames() {
    return services.stream().map(ServiceDescriptor::getName).toList().toString();
  }

  // grpcurl before 1.8.8 and many GUI clients speak only the v1alpha reflection protocol.
  @SuppressWarnings("deprecation")
  private static BindableService legacyReflection() {
    return ProtoReflectionService.newInstance();
  }

  private static String describe(List<InetSocketAddress> addresses) {
    return addresses.stream().map(HostConfig::format).toList().toString();
  }
}
