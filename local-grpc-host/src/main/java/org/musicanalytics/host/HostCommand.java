package org.musicanalytics.host;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.musicanalytics.host.HostConfig.Endpoint;
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
    config = withPort(config, Endpoint.MAPREDUCE, mapreducePort, "--mapreduce-port");
    config = withPort(config, Endpoint.USERBEHAVIOR, userbehaviorPort, "--userbehavior-port");
    config = withPort(config, Endpoint.GENRE_ANALYSIS, genrePort, "--genre-port");
    config = withPort(config, Endpoint.RECOMMENDATION, recommendationPort,
        "--recommendation-port");
    if (maxMessageBytes != null) {
      if (maxMessageBytes <= 0) {
        throw new IllegalArgumentException(
            "--max-message-bytes must be positive, was " + maxMessageBytes);
      }
      config = config.withMaxInboundMessageBytes(maxMessageBytes);
    }
    return config;
  }

  /**
   * Starts the host and blocks until it stops: on SIGTERM/Ctrl-C (through a shutdown
   * hook) or when this thread is interrupted.
   */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    HostConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      err.println("host: " + e.getMessage());
      return EXIT_BAD_SETTING;
    }
    HostLogging.useOneLineConsole();
    AnalyticsHost host;
    try {
      host = AnalyticsHost.start(config);
    } catch (IOException | IllegalStateException e) {
      err.println("host: " + e.getMessage());
      return EXIT_CANNOT_START;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("music-analytics host listening on " + host.addresses().stream()
        .map(HostConfig::format).toList() + " (every service on every address)");
    out.flush();

    Runnable stop = () -> {
      host.close();
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
      HostConfig config, Endpoint endpoint, Integer port, String flag) {
    if (port == null) {
      return config;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          flag + " must be a port number from 0 to 65535, was " + port);
    }
    return config.withPort(endpoint, port);
  }
}
