package org.musicanalytics.client.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.CliRun;
import org.musicanalytics.client.pipeline.CallTimes;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.client.pipeline.ProgressListener;
import org.musicanalytics.csv.InputSummary;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.UserStatsList;

/** The run's metrics line and its live gauges. */
class RunMetricsTest {

  @TempDir
  Path directory;

  @Test
  void shouldLogOneLineWithTheFiguresOfTheResultsFile() throws Exception {
    Path results = directory.resolve("results");
    CliRun run = CliRun.run("run", "--quiet", "--input", CliRun.sampleData().toString(),
        "--results", results.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();

    Map<String, String> line = logfmt(run.err().strip());
    JsonObject file = CliRun.readResults(results);
    JsonObject performance = file.getAsJsonObject("performance");
    JsonObject input = file.getAsJsonObject("input");
    assertThat(line.get("target")).isEqualTo("embedded");
    assertThat(Long.parseLong(line.get("records")))
        .isEqualTo(input.get("records_read").getAsLong());
    assertThat(Long.parseLong(line.get("rows_rejected")))
        .isEqualTo(input.get("rows_rejected").getAsLong());
    for (String stage : List.of("mapreduce", "userbehavior", "genre", "recommendation")) {
      assertThat(Double.parseDouble(line.get(stage + "_seconds")))
          .isCloseTo(performance.get(stage + "_time").getAsDouble(),
              Offset.offset(0.0005));
    }
    double total = performance.get("total_workflow_time").getAsDouble();
    assertThat(Double.parseDouble(line.get("records_per_second")))
        .isCloseTo(input.get("records_read").getAsLong() / total,
            withinPercentage(1));
    assertThat(line).containsKeys("record_shards", "user_shards").containsEntry("retries", "0")
        .containsEntry("fused", performance.get("fused").getAsString());
  }

  @Test
  void shouldServeTheFiguresAsLiveGaugesWhileTheRunRuns() throws Exception {
    AtomicLong retries = new AtomicLong(3);
    try (RunMetrics metrics = RunMetrics.serve(retries::get, freePort())) {
      ProgressListener listener = metrics.alongside(ProgressListener.NONE);
      listener.recordsDone(2, 500);
      String live = scrape(metrics.port());
      assertThat(live).contains("music_analytics_run_records 500.0",
          "music_analytics_run_shards 2.0", "music_analytics_run_retries_total 3.0",
          "music_analytics_run_records_per_second ");

      StringWriter err = new StringWriter();
      metrics.logEnd(new PrintWriter(err), "grpc",
          new InputSummary(directory, 500, 7, List.of()), result(Map.of(Stage.MAP_REDUCE, 1.25)));
      String end = scrape(metrics.port());
      assertThat(end).contains("music_analytics_run_rows_rejected 7.0",
          "music_analytics_run_stage_call_seconds{stage=\"mapreduce\"} 1.25");
      assertThat(err.toString()).startsWith("run_metrics target=grpc records=500 "
          + "rows_rejected=7 records_per_second=250.000 total_seconds=2.000 "
          + "mapreduce_seconds=1.250 userbehavior_seconds=0.000");
    }
  }

  private static PipelineResult result(Map<Stage, Double> spans) {
    Map<Stage, CallTimes> times = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      double span = spans.getOrDefault(stage, 0.0);
      times.put(stage, new CallTimes(span, span, 1));
    }
    return new PipelineResult(PlayCounts.getDefaultInstance(), UserStatsList.getDefaultInstance(),
        GenreAnalysisResponse.getDefaultInstance(), RecommendationResponse.getDefaultInstance(),
        times, CallTimes.NONE, 0, 2.0, 1, 1);
  }

  private static Map<String, String> logfmt(String line) {
    assertThat(line).startsWith("run_metrics ").doesNotContain("\n");
    Map<String, String> pairs = new HashMap<>();
    for (String pair : line.substring("run_metrics ".length()).split(" ")) {
      String[] keyValue = pair.split("=", 2);
      pairs.put(keyValue[0], keyValue[1]);
    }
    return pairs;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String scrape(int port) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + RunMetrics.PATH)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
