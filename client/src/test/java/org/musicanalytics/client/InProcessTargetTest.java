package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --target inprocess}, the benchmark's floor: the same pipeline with the
 * functions called directly must write the embedded target's results file.
 */
class InProcessTargetTest {

  @TempDir
  Path directory;

  private JsonObject run(String target, String... more) throws IOException {
    Path results = directory.resolve(target + String.join("", more));
    String[] args = new String[] {"run", "--quiet", "--target", target, "--input",
        CliRun.sampleData().toString(), "--results", results.toString()};
    CliRun run = CliRun.run(concat(args, more));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return CliRun.readResults(results);
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  @Test
  void shouldWriteTheEmbeddedTargetsResultsOnTheSample() throws Exception {
    JsonObject embedded = run("embedded");
    JsonObject inProcess = run("inprocess");

    assertThat(inProcess.get("target").getAsString()).isEqualTo("inprocess");
    assertThat(inProcess.get("workflow").getAsString()).isEqualTo("inprocess");
    assertThat(inProcess.getAsJsonObject("input").get("records_read").getAsInt())
        .isEqualTo(100);
    assertThat(CliRun.comparable(inProcess, "target", "workflow"))
        .isEqualTo(CliRun.comparable(embedded, "target", "workflow"));
    // Same keys, so a benchmark reads both the same way.
    assertThat(inProcess.getAsJsonObject("performance").keySet())
        .isEqualTo(embedded.getAsJsonObject("performance").keySet());
  }

  @Test
  void shouldGiveTheSameResultsWithoutTheFusedCallAndWithConcurrency() throws Exception {
    JsonObject fused = run("inprocess", "--shard-bytes", "1024", "--concurrency", "3");
    JsonObject plain = run("inprocess", "--shard-bytes", "1024", "--no-fused");

    assertThat(CliRun.comparable(fused, "target", "workflow"))
        .isEqualTo(CliRun.comparable(plain, "target", "workflow"));
    assertThat(CliRun.comparable(fused, "target", "workflow"))
        .isEqualTo(CliRun.comparable(run("embedded"), "target", "workflow"));
  }

  @Test
  void shouldCutTheSameShardsAsEmbeddedForTheSameBudgetAndPath() throws Exception {
    // The plain path: the fused one bounds a shard by its ShardCounts answer, which holds
    // all three answers, so it cuts smaller shards from the same budget.
    JsonObject embedded = run("embedded", "--no-fused", "--shard-bytes", "1024");
    JsonObject inProcess = run("inprocess", "--no-fused", "--shard-bytes", "1024");

    JsonObject shards = inProcess.getAsJsonObject("performance").getAsJsonObject("shards");
    assertThat(shards.get("records").getAsInt()).isGreaterThan(3);
    assertThat(shards).isEqualTo(
        embedded.getAsJsonObject("performance").getAsJsonObject("shards"));
    assertThat(CliRun.comparable(inProcess, "target", "workflow"))
        .isEqualTo(CliRun.comparable(embedded, "target", "workflow"));
    assertThat(CliRun.comparable(inProcess, "target", "workflow"))
        .isEqualTo(CliRun.comparable(run("inprocess"), "target", "workflow"));
  }
}
