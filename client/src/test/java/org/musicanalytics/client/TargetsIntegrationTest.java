package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.host.HostConfig;
import org.musicanalytics.host.HostLogging;

/**
 * The embedded target and the grpc target against a host on real loopback sockets give
 * the same results file, timings aside.
 */
class TargetsIntegrationTest {

  private static AnalyticsHost host;

  @TempDir
  Path directory;

  @BeforeAll
  static void startHost() throws Exception {
    HostLogging.setLevel(Level.WARNING);
    host = AnalyticsHost.start(HostConfig.ephemeral());
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  private static String address(int index) {
    InetSocketAddress address = host.addresses().get(index);
    return "127.0.0.1:" + address.getPort();
  }

  private JsonObject run(Map<String, String> environment, String name, String... targetArgs)
      throws Exception {
    Path results = directory.resolve(name);
    String[] common = {"run", "--quiet", "--input", CliRun.sampleData().toString(),
        "--results", results.toString()};
    String[] args = new String[common.length + targetArgs.length];
    System.arraycopy(common, 0, args, 0, common.length);
    System.arraycopy(targetArgs, 0, args, common.length, targetArgs.length);
    CliRun run = CliRun.run(environment, args);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return CliRun.readResults(results);
  }

  @Test
  void shouldGiveIdenticalResultsOnEmbeddedAndGrpcTargets() throws Exception {
    JsonObject embedded = run(Map.of(), "embedded", "--target", "embedded");
    JsonObject byFlags = run(Map.of(), "grpc-flags", "--target", "grpc",
        "--mapreduce-address", address(0), "--userbehavior-address", address(1),
        "--genre-address", address(2), "--recommendation-address", address(3));
    // The old client's environment names, the services spread the other way round.
    JsonObject byEnvironment = run(Map.of(
        "MAPREDUCE_HOST", "127.0.0.1", "MAPREDUCE_PORT", port(3),
        "USERBEHAVIOR_HOST", "localhost", "USERBEHAVIOR_PORT", port(2),
        "GENRE_ANALYSIS_HOST", "127.0.0.1", "GENRE_ANALYSIS_PORT", port(1),
        "RECOMMENDATION_HOST", "127.0.0.1", "RECOMMENDATION_PORT", port(0)),
        "grpc-env", "--target", "grpc");

    assertThat(embedded.get("target").getAsString()).isEqualTo("embedded");
    assertThat(byFlags.get("target").getAsString()).isEqualTo("grpc");
    assertThat(embedded.getAsJsonObject("mapreduce_results").getAsJsonObject("top_songs").size())
        .isEqualTo(10);
    assertThat(CliRun.comparable(byFlags, "target"))
        .isEqualTo(CliRun.comparable(embedded, "target"));
    assertThat(CliRun.comparable(byEnvironment, "target"))
        .isEqualTo(CliRun.comparable(embedded, "target"));
  }

  @Test
  void shouldReportEveryStageTimeInSeconds() throws Exception {
    JsonObject performance = run(Map.of(), "timings").getAsJsonObject("performance");

    List<String> calls = List.of("mapreduce_time", "userbehavior_time", "genre_time",
        "recommendation_time");
    for (String key : calls) {
      double seconds = performance.get(key).getAsDouble();
      assertThat(seconds).as(key).isPositive().isLessThan(60)
          .isLessThanOrEqualTo(performance.get("total_workflow_time").getAsDouble());
    }
    // The embedded target's fused call served three stages: one span, not thirds of it.
    assertThat(performance.get("fused").getAsBoolean()).isTrue();
    assertThat(performance.get("mapreduce_time").getAsDouble())
        .isEqualTo(performance.get("genre_time").getAsDouble());
    // One shard: the fused call, then Recommendation, one after the other within the total.
    double sum = performance.get("mapreduce_time").getAsDouble()
        + performance.get("recommendation_time").getAsDouble();
    assertThat(performance.get("total_workflow_time").getAsDouble())
        .isGreaterThanOrEqualTo(sum).isLessThan(sum + 1);
    JsonObject processing = performance.getAsJsonObject("service_processing_time");
    assertThat(processing.keySet())
        .containsExactly("fused", "mapreduce", "userbehavior", "genre", "recommendation");
    // The services' own time is part of the calls the client waited for.
    assertThat(processing.get("fused").getAsDouble()).isPositive()
        .isLessThanOrEqualTo(performance.get("mapreduce_time").getAsDouble());
    assertThat(processing.get("recommendation").getAsDouble()).isPositive()
        .isLessThanOrEqualTo(performance.get("recommendation_time").getAsDouble());
  }

  private static String port(int index) {
    return Integer.toString(host.addresses().get(index).getPort());
  }
}
