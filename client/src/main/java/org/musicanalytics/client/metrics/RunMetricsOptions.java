package org.musicanalytics.client.metrics;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code run} command's metrics option, mixed into it. */
public final class RunMetricsOptions {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "While the run runs, serve its figures (records, shards, records/s,"
          + " retries) as Prometheus gauges at http://127.0.0.1:PORT/metrics, with the"
          + " embedded host's call metrics for --target embedded. Default: 0, off.")
  private int port;

  /**
   * The port asked for, 0 for none.
   *
   * @throws ParameterException if it is no port number (a usage error)
   */
  public int port() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(),
          "--metrics-port must be a port number from 0 (off) to 65535, was " + port);
    }
    return port;
  }
}
