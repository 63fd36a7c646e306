package org.musicanalytics.host;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
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
import org.musicanalytics.host.internal.CallLog;
import org.musicanalytics.host.internal.ContractServices;
import org.musicanalytics.host.internal.FunctionBinding;
import org.musicanalytics.host.internal.ListenAddresses;

/**
 * The local gRPC host: one gRPC server that serves every service of the {@code music}
 * contract, each method backed by the analytics function of the same name, on every
 * listen address; plus gRPC health checking and server reflection.
 *
 * <p>Serving everything everywhere means the old deployment's clients work whichever
 * port they expect a service on (its README and its client disagree about 50055 and
 * 50057).
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
  private final HealthStatusManager health = new HealthStatusManager();
  private final List<InetSocketAddress> configured;
  private final List<ServiceDescriptor> services = ContractServices.all();
  private volatile List<InetSocketAddress> addresses;
  private boolean closed;

  /**
   * Starts a host on a Netty server with every function on the class path
   * ({@link AnalyticsFunctions#load()}).
   *
   * @throws IOException if an address cannot be bound (e.g. a port is in use); no
   *     address is left bound
   * @throws IllegalStateException if a contract method has no function
   */
  public static AnalyticsHost start(HostConfig config) throws IOException {
    List<InetSocketAddress> listen = config.listenAddresses();
    NettyServerBuilder builder = NettyServerBuilder.forAddress(listen.get(0));
    for (InetSocketAddress address : listen.subList(1, listen.size())) {
      builder.addListenAddress(address);
    }
    builder.maxInboundMessageSize(config.maxInboundMessageBytes());
    AnalyticsHost host = new AnalyticsHost(builder, AnalyticsFunctions.load(), listen);
    try {
      return host.start();
    } catch (IOException e) {
      host.close();
      throw new IOException("cannot listen on " + describe(listen) + ": "
          + messages(e), e);
    }
  }

  /**
   * A host on a server builder of the caller's choosing, e.g. an in-process one in tests.
   * Nothing listens until {@link #start()}. Transport settings (addresses, message
   * size) are the builder's.
   *
   * @param functions the functions by name; every contract method needs one
   * @throws IllegalStateException if a contract method has no function
   */
  public AnalyticsHost(ServerBuilder<?> serverBuilder,
      Map<String, AnalyticsFunction<?, ?>> functions) {
    this(serverBuilder, functions, List.of());
  }

  private AnalyticsHost(ServerBuilder<?> serverBuilder,
      Map<String, AnalyticsFunction<?, ?>> functions, List<InetSocketAddress> configured) {
    this.configured = List.copyOf(configured);
    CallLog callLog = new CallLog();
    for (ServerServiceDefinition service : FunctionBinding.bind(services, functions)) {
      serverBuilder.addService(ServerInterceptors.intercept(service, callLog.interceptor()));
    }
    this.server = serverBuilder
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
    LOG.info(() -> "serving " + serviceNames() + " on " + describe(addresses));
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

  /** "Failed to bind to address /127.0.0.1:50051: Address already in use". */
  private static String messages(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(": ").append(cause.getMessage());
      }
    }
    return text.toString();
  }
}
