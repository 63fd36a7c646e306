package org.musicanalytics.dashboard;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.musicanalytics.client.history.HistoryOptions;
import org.musicanalytics.history.HistoryException;
import org.musicanalytics.history.HistoryLocation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code music-analytics dashboard}: serves the history's dashboard and REST API until
 * stopped (Ctrl-C or SIGTERM).
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Serve the run history: a web page with charts, a JSON REST API under "
        + "/api (described at /api/openapi.json) and POST /api/runs, which runs the "
        + "pipeline on an uploaded CSV.")
public final class DashboardCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
      description = "Port (default: ${DEFAULT-VALUE}; 0 for any free one).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
      description = "The results directory, whose " + HistoryLocation.DEFAULT_FILE
          + " is the default history (default: ${DEFAULT-VALUE}).")
  Path resultsDirectory;

  @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "67108864",
      description = "The largest CSV POST /api/runs accepts (default: ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Mixin
  HistoryOptions history;

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DashboardCommand()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> environment = System.getenv();
    String url;
    try {
      url = history.url(environment, resultsDirectory);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    DashboardServer server;
    try {
      server = DashboardServer.start(new DashboardServer.Settings(bind, port, url,
          maxBodyBytes, environment));
    } catch (HistoryException e) {
      spec.commandLine().getErr().println("music-analytics dashboard: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    spec.commandLine().getOut().printf("Dashboard at http://%s:%d/ (history %s)%n",
        bind.contains(":") ? "[" + bind + "]" : bind, server.port(),
        HistoryLocation.shown(url));
    spec.commandLine().getOut().flush();
    stopped.await();
    return CommandLine.ExitCode.OK;
  }
}
