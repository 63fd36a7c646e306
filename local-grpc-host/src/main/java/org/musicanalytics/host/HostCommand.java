package org.musicanalytics.host;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.host.metrics.HostMetrics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code host}: runs the local gRPC host in the foreground until SIGTERM or Ctrl-C, then
 * shuts down gracefully (in-flight calls finish).
 *
 * <p>Settings come from the flags, else from the environment names of the old client
 * ({@code MAPREDUCE_PORT}, ... see {@link HostConfig#fromEnvironment}), else the standard
 * ports on loopback. The client registers this command as its {@code host} subcommand;
 * {@link #main} runs it alone.
 */
@Command(name = "host", sortOptions = false,
    description = {
        "Runs the local gRPC host in the foreground until SIGTERM or Ctrl-C.",
        "Every service (MapReduce, UserBehavior, GenreAnalysis, Recommendation) is served"
            + " on every port, so clients find each service wherever they expect it."})
public final class HostCommand implements Callable<Integer> {

  /** Exit code for a bad setting. */
  public static final int EXIT_BAD_SETTING = 2;

  /** Exit code when the host cannot start, e.g. a port is in use. */
  public static final int EXIT_CANNOT_START = 1;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  @Option(names = "--bind", paramLabel = "HOST",
      description = "Address to listen on for every port, e.g. 0.0.0.0 for every interface."
          + " Default: each port's <SERVICE>_HOST variable, else 127.0.0.1 (loopback).")
  private String bind;

  @Option(names = "--mapreduce-port", paramLabel = "PORT",
      description = "Port where old clients look for MapReduce."
          + " Default: $MAPREDUCE_PORT, else 50051. 0 picks a free port (any port flag).")
  private Integer mapreducePort;

  @Option(names = "--userbehavior-port", paramLabel = "PORT",
      description = "Port where old clients look for UserBehavior."
          + " Default: $USERBEHAVIOR_PORT, else 50053.")
  private Integer userbehaviorPort;

  @Option(names = "--genre-port", paramLabel = "PORT",
      description = "Port where old clients look for GenreAnalysis."
          + " Default: $GENRE_ANALYSIS_PORT, else 50055.")
  private Integer genrePort;

  @Option(names = "--recommendation-port", paramLabel = "PORT",
      description = "Port where old clients look for Recommendation."
          + " Default: $RECOMMENDATION_PORT, else 50057.")
  private Integer recommendationPort;

  @Option(names = "--max-message-bytes", paramLabel = "BYTES",
      description = "Largest request accepted, in bytes."
          + " Default: $HOST_MAX_MESSAGE_BYTES, else 67108864 (64 MiB).")
  private Integer maxMessageBytes;

  @Option(names = "--executor-threads", paramLabel = "N",
      description = "Threads running the analytics functions, which are CPU-bound."
          + " Default: $HOST_EXECUTOR_THREADS, else one per core.")
  private Integer executorThreads;

  @Option(names = "--max-concurrent-calls", paramLabel = "N",
      description = "Most calls in flight at once, at least --executor-threads; the next are"
          + " refused at once with RESOURCE_EXHAUSTED and the trailer grpc-retry-pushback-ms."
          + " Health checks are never refused."
          + " Default: $HOST_MAX_CONCURRENT_CALLS, else 32.")
  private Integer maxConcurrentCalls;

  @Option(names = "--keepalive-time", paramLabel = "SECONDS",
      description = "Ping a client after this long without traffic; 0 never."
          + " Default: $HOST_KEEPALIVE_TIME, else 60.")
  private String keepaliveTime;

  @Option(names = "--keepalive-timeout", paramLabel = "SECONDS",
      description = "Close the connection if a ping is not answered within this."
          + " Default: $HOST_KEEPALIVE_TIMEOUT, else 20.")
  private String keepaliveTimeout;

  @Option(names = "--permit-keepalive-time", paramLabel = "SECONDS",
      description = "Shortest ping interval allowed to clients (GOAWAY too_many_pings"
          + " otherwise); 0 any. Default: $HOST_PERMIT_KEEPALIVE_TIME, else 10.")
  private String permitKeepaliveTime;

  @Option(names = "--max-connection-idle", paramLabel = "SECONDS",
      description = "Close a connection without calls for this long; 0 never."
          + " Default: $HOST_MAX_CONNECTION_IDLE, else 300.")
  private String maxConnectionIdle;

  @Option(names = "--max-connection-age", paramLabel = "SECONDS",
      description = "Close a connection this old (+-10%% jitter), gracefully; 0 never."
          + " Default: $HOST_MAX_CONNECTION_AGE, else 1800.")
  private String maxConnectionAge;

  @Option(names = "--max-connection-age-grace", paramLabel = "SECONDS",
      description = "How long calls on a connection closed for its age may still run."
          + " Default: $HOST_MAX_CONNECTION_AGE_GRACE, else 300.")
  private String maxConnectionAgeGrace;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "Serve TLS with this PEM certificate chain; needs --tls-key."
          + " Default: $HOST_TLS_CERT, else plaintext.")
  private Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "The certificate's PEM private key, unencrypted: PKCS#8, PKCS#1 (RSA) "
          + "or SEC1 (EC)."
          + " Default: $HOST_TLS_KEY.")
  private Path tlsKey;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve Prometheus metrics at http://<bind>:PORT/metrics; 0 turns them off."
          + " Default: $HOST_METRICS_PORT, else 9464.")
  private String metricsPort;

  private final Map<String, String> environment;

  /** A command reading the process environment. */
  public HostCommand() {
    this(System.getenv());
  }

  /** A command reading the given environment instead of the process's. */
  public HostCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Runs the host alone: {@code java -cp ... org.musicanalytics.host.HostCommand}. */
  public static void main(String[] args) {
    NettyDefaults.apply();
    System.exit(new CommandLine(new HostCommand()).execute(args));
  }

  /**
   * The configuration the flags and the environment describe.
   *
   * @throws IllegalArgumentException naming the flag or variable whose value is bad
   */
  public HostConfig config() {
    HostConfig config = HostConfig.fromEnvironment(environment);
    if (bind != null) {
      config = config.withHost(bind, "--bind");
    }
    config = withPort(config, Stage.MAP_REDUCE, mapreducePort, "--mapreduce-port");
    config = withPort(config, Stage.USER_BEHAVIOR, userbehaviorPort, "--userbehavior-port");
    config = withPort(config, Stage.GENRE_ANALYSIS, genrePort, "--genre-port");
    config = withPort(config, Stage.RECOMMENDATION, recommendationPort,
        "--recommendation-port");
    if (maxMessageBytes != null) {
      if (maxMessageBytes <= 0) {
        throw new IllegalArgumentException(
            "--max-message-bytes must be positive, was " + maxMessageBytes);
      }
      config = config.withMaxInboundMessageBytes(maxMessageBytes);
    }
    return config.withCallLimits(callLimits(config.callLimits()))
        .withKeepalive(keepalive(config.keepalive()))
        .withTls(tls(config.tls()));
  }

  /**
   * The metrics endpoint's port: the flag, else {@value HostMetrics#PORT_VARIABLE}, else
   * {@value HostMetrics#DEFAULT_PORT}; 0 when it is off.
   *
   * @throws IllegalArgumentException naming the flag or variable whose value is bad
   */
  public int metricsPort() {
    if (metricsPort != null) {
      return HostMetrics.port(metricsPort, "--metrics-port");
    }
    String fromEnvironment = HostSettingsReader.value(environment, HostMetrics.PORT_VARIABLE);
    return fromEnvironment == null ? HostMetrics.DEFAULT_PORT
        : HostMetrics.port(fromEnvironment, HostMetrics.PORT_VARIABLE);
  }

  /** The flags' limits over the environment's (the flag wins for each). */
  private CallLimits callLimits(CallLimits fromEnvironment) {
    if (executorThreads == null && maxConcurrentCalls == null) {
      return fromEnvironment;
    }
    boolean threadsInEnvironment =
        HostSettingsReader.value(environment, CallLimits.EXECUTOR_THREADS_VARIABLE) != null;
    boolean callsInEnvironment =
        HostSettingsReader.value(environment, CallLimits.MAX_CONCURRENT_CALLS_VARIABLE) != null;
    return CallLimits.resolve(
        executorThreads != null ? executorThreads
            : threadsInEnvironment ? Integer.valueOf(fromEnvironment.executorThreads()) : null,
        maxConcurrentCalls != null ? maxConcurrentCalls
            : callsInEnvironment ? Integer.valueOf(fromEnvironment.maxConcurrentCalls()) : null,
        executorThreads != null ? "--executor-threads" : CallLimits.EXECUTOR_THREADS_VARIABLE,
        maxConcurrentCalls != null ? "--max-concurrent-calls"
            : CallLimits.MAX_CONCURRENT_CALLS_VARIABLE);
  }

  private Keepalive keepalive(Keepalive k) {
    return new Keepalive(
        seconds(keepaliveTime, "--keepalive-time", k.time(), Keepalive.OFF),
        seconds(keepaliveTimeout, "--keepalive-timeout", k.timeout(), null),
        seconds(permitKeepaliveTime, "--permit-keepalive-time", k.permitTime(), Keepalive.ANY),
        seconds(maxConnectionIdle, "--max-connection-idle", k.maxConnectionIdle(),
            Keepalive.OFF),
        seconds(maxConnectionAge, "--max-connection-age", k.maxConnectionAge(), Keepalive.OFF),
        seconds(maxConnectionAgeGrace, "--max-connection-age-grace",
            k.maxConnectionAgeGrace(), Keepalive.AT_ONCE));
  }

  private static Duration seconds(String flag, String name, Duration otherwise,
      String zeroMeans) {
    return flag == null ? otherwise : HostSettingsReader.seconds(flag, name, zeroMeans);
  }

  /** The flags' files over the environment's, both or neither. */
  private TlsFiles tls(TlsFiles fromEnvironment) {
    if (tlsCert == null && tlsKey == null) {
      return fromEnvironment;
    }
    return TlsFiles.of(
        tlsCert != null ? tlsCert
            : fromEnvironment != null ? fromEnvironment.certificateChain() : null,
        tlsKey != null ? tlsKey : fromEnvironment != null ? fromEnvironment.privateKey() : null,
        tlsCert == null && fromEnvironment != null ? TlsFiles.CERT_VARIABLE : "--tls-cert",
        tlsKey == null && fromEnvironment != null ? TlsFiles.KEY_VARIABLE : "--tls-key");
  }

  /**
   * Starts the host and blocks until it stops: on SIGTERM/Ctrl-C (through a shutdown
   * hook) or when this thread is interrupted.
   */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    HostConfig config;
    int metricsPortNumber;
    try {
      config = config();
      metricsPortNumber = metricsPort();
    } catch (IllegalArgumentException e) {
      err.println("host: " + e.getMessage());
      return EXIT_BAD_SETTING;
    }
    HostLogging.useOneLineConsole();
    // The endpoint follows --bind: it listens where the first gRPC port does.
    String metricsHost = config.address(Stage.MAP_REDUCE).getHostString();
    HostMetrics metrics = null;
    AnalyticsHost host;
    try {
      if (metricsPortNumber != 0) {
        metrics = HostMetrics.serve(metricsHost, metricsPortNumber);
      }
      host = AnalyticsHost.start(config, metrics);
    } catch (IOException | IllegalStateException e) {
      if (metrics != null) {
        metrics.close();
      }
      err.println("host: " + e.getMessage());
      return EXIT_CANNOT_START;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("music-analytics host listening on " + host.addresses().stream()
        .map(HostConfig::format).toList() + " (every service on every address"
        + (host.usesTls() ? ", TLS)" : ")"));
    if (metrics != null) {
      out.println("metrics at http://" + HostConfig.format(
          new InetSocketAddress(metricsHost, metrics.port())) + HostMetrics.PATH);
    }
    out.flush();

    HostMetrics served = metrics;
    Runnable stop = () -> {
      host.close();
      if (served != null) {
        served.close();
      }
      // Printed, not logged: the JDK's logging may already be shut down by its own hook.
      out.println("music-analytics host stopped");
      out.flush();
    };
    Thread shutdownHook = new Thread(stop, "host-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      host.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        stop.run(); // interrupted: the hook will never run
      } catch (IllegalStateException shuttingDown) {
        // SIGTERM or Ctrl-C: the hook is already stopping the host.
      }
    }
    return 0;
  }

  private static HostConfig withPort(
      HostConfig config, Stage stage, Integer port, String flag) {
    if (port == null) {
      return config;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          flag + " must be a port number from 0 to 65535, was " + port);
    }
    return config.withPort(stage, port);
  }
}
