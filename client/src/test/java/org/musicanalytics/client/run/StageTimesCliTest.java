package org.musicanalytics.client.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.musicanalytics.client.CliProcess;
import org.musicanalytics.client.CliRun;

/**
 * {@code music-analytics run} in a process of its own, several shards in flight: every
 * stage's time is a span within the total, the summed call time is reported apart with
 * its number of calls, and the fused call is one figure, not thirds.
 */
class StageTimesCliTest {

  private static final String[] STAGES = {"mapreduce", "userbehavior", "genre",
      "recommendation"};

  @TempDir
  static Path shared;

  @TempDir
  Path directory;

  private static Path input;

  @BeforeAll
  static void generate() {
    input = CliRun.generate(shared.resolve("plays.csv"), 20_000, 5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "embedded --no-fused", "inprocess"})
  void shouldKeepEveryStageSpanWithinTheTotal(String target) throws Exception {
    String[] targetArgs = target.split(" ");
    CliProcess run = CliProcess.run(java.util.stream.Stream.concat(java.util.stream.Stream.of(
        "run", "--input", input.toString(), "--results", directory.toString(),
        "--shard-bytes", "65536", "--concurrency", "3", "--target"),
        java.util.Arrays.stream(targetArgs)).toArray(String[]::new));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonObject performance = JsonParser.parseString(Files.readString(
        directory.resolve("run_grpc_metrics.json"))).getAsJsonObject()
        .getAsJsonObject("performance");
    double total = performance.get("total_workflow_time").getAsDouble();
    for (String stage : STAGES) {
      assertThat(performance.get(stage + "_time").getAsDouble()).as(stage)
          .isPositive().isLessThanOrEqualTo(total);
    }
    boolean fused = !target.contains("--no-fused");
    assertThat(performance.get("fused").getAsBoolean()).isEqualTo(fused);
    JsonObject summed = performance.getAsJsonObject("summed_call_time");
    if (fused) {
      assertThat(summed.keySet()).containsExactly("fused", "recommendation");
      assertThat(summed.getAsJsonObject("fused").get("calls").getAsInt()).isGreaterThan(1);
      assertThat(performance.get("mapreduce_time").getAsDouble())
          .isEqualTo(performance.get("userbehavior_time").getAsDouble())
          .isEqualTo(performance.get("genre_time").getAsDouble());
      assertThat(run.out()).contains("  MapReduce, UserBehavior, GenreAnalysis (one fused call "
          + "per shard): span ");
    } else {
      assertThat(summed.keySet()).containsExactly(STAGES);
      assertThat(summed.getAsJsonObject("mapreduce").get("calls").getAsInt()).isGreaterThan(1);
      assertThat(run.out()).contains("  MapReduce: span ").doesNotContain("fused");
    }
    assertThat(run.out()).containsPattern("summed [0-9.]+ s over [0-9]+ calls");
  }
}
