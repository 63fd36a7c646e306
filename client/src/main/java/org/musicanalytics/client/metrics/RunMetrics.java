package org.musicanalytics.client.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.client.pipeline.ProgressListener;
import org.musicanalytics.csv.InputSummary;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.host.metrics.HostMetrics;

/**
 * A run's own figures: records per second, per-stage call time, retries, shards and
 * rejected rows, the figures of the results file.
 *
 * <p>At the end of a run they are {@linkplain #logLine one logfmt line}; while it runs,
 * when {@linkplain #serve served}, they are Prometheus gauges at {@code /metrics}, so a
 * long run can be watched, beside the metrics of the run's embedded host when there is one;
 * a {@linkplain #alongside listener} follows the shards done.
 */
public final class RunMetrics implements AutoCloseable {

  /** The endpoint's path. */
  public static final String PATH = "/metrics";

  private final LongSupplier retries;
  private final long startNanos = System.nanoTime();
  private final AtomicInteger shards = new AtomicInteger();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong rowsRejected = new AtomicLong();
  private final Map<Stage, Double> callSeconds = new ConcurrentHashMap<>();
  private final PrometheusMeterRegistry registry;
  private final HTTPServer server;
  private HostMetrics hostMetrics;

  private RunMetrics(LongSupplier retries, int port) throws IOException {
    this.retries = retries;
    if (port == 0) {
      registry = null;
      server = null;
      return;
    }
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Gauge.builder("music_analytics.run.records", records::get)
        .description("Records analysed and merged so far").register(registry);
    Gauge.builder("music_analytics.run.shards", shards::get)
        .description("Shards of records analysed so far").register(registry);
    Gauge.builder("music_analytics.run.records.per.second", this::recordsPerSecond)
        .description("Records analysed per second since the run started").register(registry);
    FunctionCounter.builder("music_analytics.run.retries", retries,
        LongSupplier::getAsLong).description("Calls retried so far").register(registry);
    Gauge.builder("music_analytics.run.rows.rejected", rowsRejected::get)
        .description("Input rows rejected (known at the end of the run)").register(registry);
    for (Stage stage : Stage.values()) {
      Gauge.builder("music_analytics.run.stage.call.seconds",
              () -> callSeconds.getOrDefault(stage, 0.0))
          .description("Time in the stage's calls (known at the end of the run)")
          .tag("stage", stage.metricsName()).register(registry);
    }
    try {
      server = HTTPServer.builder().hostname("127.0.0.1").port(port)
          .registry(registry.getPrometheusRegistry()).buildAndStart();
    } catch (IOException e) {
      registry.close();
      throw new IOException("cannot serve the run's metrics on 127.0.0.1:" + port + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * The figures of a run, served at {@code http://127.0.0.1:port/metrics} unless
   * {@code port} is 0.
   *
   * @param retries the retries made so far
   * @throws IOException if the port cannot be bound
   */
  public static RunMetrics serve(LongSupplier retries, int port) throws IOException {
    return new RunMetrics(retries, port);
  }

  /**
   * The metrics of a host this process runs (the embedded target's), registered beside
   * the run's figures so the run's endpoint serves both; null when nothing is served. The
   * same instance on every call; closed with these metrics.
   */
  public synchronized HostMetrics hostMetrics() {
    if (registry != null && hostMetrics == null) {
      hostMetrics = HostMetrics.in(registry);
    }
    return hostMetrics;
  }

  /** The port served, or 0 when not served. */
  public int port() {
    return server == null ? 0 : server.getPort();
  }

  /** A listener telling these metrics and {@code display} (e.g. a progress line). */
  public ProgressListener alongside(ProgressListener display) {
    return new ProgressListener() {
      @Override
      public void recordsDone(int shardsDone, long recordsDone) {
        shards.set(shardsDone);
        records.set(recordsDone);
        display.recordsDone(shardsDone, recordsDone);
      }

      @Override
      public void finished() {
        display.finished();
      }
    };
  }

  /**
   * Writes the run's line to {@code err} (and sets the gauges known only at the end).
   *
   * @param target the target's label, e.g. {@code embedded}
   */
  public void logEnd(PrintWriter err, String target, InputSummary summary,
      PipelineResult result) {
    rowsRejected.set(summary.rowsRejected());
    for (Stage stage : Stage.values()) {
      callSeconds.put(stage, result.servedBy(stage).spanSeconds());
    }
    err.println(logLine(target, summary, result, retries.getAsLong()));
    err.flush();
  }

  /**
   * The run's figures as one logfmt line, e.g. {@code run_metrics target=embedded
   * records=100 records_per_second=... mapreduce_seconds=... fused=false retries=0 ...};
   * each stage's time is its span (first call sent to last answer), as in the results file;
   * with {@code fused=true} the three stages the fused call served share its span.
   */
  public static String logLine(String target, InputSummary summary, PipelineResult result,
      long retries) {
    StringBuilder line = new StringBuilder("run_metrics")
        .append(" target=").append(target)
        .append(" records=").append(summary.recordsRead())
        .append(" rows_rejected=").append(summary.rowsRejected())
        .append(" records_per_second=").append(number(result.totalSeconds() > 0
            ? summary.recordsRead() / result.totalSeconds() : 0))
        .append(" total_seconds=").append(number(result.totalSeconds()));
    for (Stage stage : Stage.values()) {
      line.append(' ').append(stage.metricsName()).append("_seconds=")
          .append(number(result.servedBy(stage).spanSeconds()));
    }
    line.append(" fused=").append(result.fused());
    return line.append(" record_shards=").append(result.recordShards())
        .append(" user_shards=").append(result.userShards())
        .append(" retries=").append(retries)
        .toString();
  }

  /** Stops the endpoint. */
  @Override
  public void close() {
    if (server != null) {
      server.close();
      if (hostMetrics != null) {
        hostMetrics.close();
      }
      registry.close();
    }
  }

  private double recordsPerSecond() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return seconds > 0 ? records.get() / seconds : 0;
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
