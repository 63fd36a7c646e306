package org.musicanalytics.client.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.CliRun;
import org.musicanalytics.client.MusicAnalytics;
import org.musicanalytics.host.ChildJvm;

/**
 * Runs recorded in the history and read back through {@code history}: list, show, compare
 * and import; the exit code 3 of a run whose store cannot be reached, in a child JVM.
 */
class HistoryCommandTest {

  @TempDir
  Path directory;

  private Path results() {
    return directory.resolve("results");
  }

  private CliRun run(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--quiet", "--input",
        CliRun.sampleData().toString(), "--results", results().toString()));
    args.addAll(List.of(more));
    CliRun run = CliRun.run(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run;
  }

  private CliRun history(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("history"));
    all.addAll(List.of(args));
    all.addAll(List.of("--results", results().toString()));
    return CliRun.run(all.toArray(String[]::new));
  }

  @Test
  void shouldRecordEveryRunAndListShowAndCompareThem() throws Exception {
    run();
    JsonObject first = CliRun.readResults(results());
    run("--target", "inprocess");

    CliRun list = history("--json");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    JsonArray runs = JsonParser.parseString(list.out()).getAsJsonArray();
    assertThat(runs).hasSize(2);
    JsonObject newest = runs.get(0).getAsJsonObject();
    JsonObject oldest = runs.get(1).getAsJsonObject();
    assertThat(newest.get("target").getAsString()).isEqualTo("inprocess");
    assertThat(oldest.get("computedAt").getAsString())
        .isEqualTo(first.get("computed_at").getAsString());
    assertThat(oldest.get("recordsRead").getAsLong()).isEqualTo(100);
    assertThat(Files.exists(results().resolve("history.db"))).isTrue();

    CliRun text = history();
    assertThat(text.out()).contains(oldest.get("runId").getAsString())
        .contains("2 of 2 runs");

    CliRun show = history("show", oldest.get("runId").getAsString(), "--json");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(JsonParser.parseString(show.out())).isEqualTo(first);

    CliRun compare = history("compare", oldest.get("runId").getAsString(),
        newest.get("runId").getAsString(), "--json");
    assertThat(compare.exitCode()).as(compare.toString()).isZero();
    JsonObject comparison = JsonParser.parseString(compare.out()).getAsJsonObject();
    // Same input on both targets: nothing moved.
    comparison.getAsJsonArray("songs").forEach(song -> assertThat(
        song.getAsJsonObject().get("movement").getAsString()).isEqualTo("same"));
    assertThat(comparison.getAsJsonArray("songs")).hasSize(10);
    comparison.getAsJsonObject("genreShares").entrySet().forEach(share -> assertThat(
        share.getValue().getAsJsonObject().get("change").getAsDouble()).isZero());

    CliRun unknown = history("show", "no-such-run");
    assertThat(unknown.exitCode()).isOne();
    assertThat(unknown.err()).isEqualTo("music-analytics history show: no run no-such-run in "
        + "the history\n");
  }

  @Test
  void shouldNotRecordWithNoHistory() {
    run("--no-history");

    assertThat(results().resolve("history.db")).doesNotExist();
  }

  @Test
  void shouldImportTheSameResultsOnlyOnceInChildProcesses() throws Exception {
    run("--no-history");
    Path file = results().resolve("run_grpc_metrics.json");
    String store = "jdbc:sqlite:" + directory.resolve("imported.db");

    String firstOut = child(0, "history", "import", file.toString(), "--history", store);
    String secondOut = child(0, "history", "import", file.toString(), "--history", store);
    String listed = child(0, "history", "--json", "--history", store);

    assertThat(firstOut).startsWith("recorded run ");
    String runId = firstOut.strip().substring("recorded run ".length());
    assertThat(secondOut.strip()).isEqualTo("run " + runId + " was already recorded");
    JsonArray runs = JsonParser.parseString(listed).getAsJsonArray();
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).getAsJsonObject().get("runId").getAsString()).isEqualTo(runId);
    assertThat(runs.get(0).getAsJsonObject().get("songCount").getAsInt()).isEqualTo(10);
  }

  @Test
  void shouldWriteTheResultsAndExitThreeWhenTheStoreCannotBeReached() throws Exception {
    String output = child(3, "run", "--quiet", "--input", CliRun.sampleData().toString(),
        "--results", results().toString(), "--history",
        "jdbc:postgresql://127.0.0.1:1/nowhere?user=u&password=secret");

    assertThat(CliRun.readResults(results()).getAsJsonObject("input").get("records_read")
        .getAsInt()).isEqualTo(100);
    List<String> failure = output.lines()
        .filter(line -> line.startsWith("music-analytics run: ")).toList();
    assertThat(failure).hasSize(1);
    assertThat(failure.get(0)).startsWith("music-analytics run: results written, but not "
        + "recorded: history store jdbc:postgresql://127.0.0.1:1/nowhere: opening failed: ")
        .doesNotContain("secret");
  }

  /** Runs the CLI in a child JVM; asserts its exit code; returns its output. */
  private static String child(int exitCode, String... args) throws Exception {
    try (ChildJvm child = ChildJvm.start(List.of(), MusicAnalytics.class, args)) {
      assertThat(child.waitFor(120)).as("finished").isTrue();
      assertThat(child.process().exitValue()).as(child.output()).isEqualTo(exitCode);
      return child.output();
    }
  }
}
