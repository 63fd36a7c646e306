package org.musicanalytics.client.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.CliRun;

/** The {@code run} command end to end on the embedded target, and its failures. */
class RunCommandTest {

  private static final String HEADER = "user_id,song_id,artist,duration,timestamp,genre\n";

  @TempDir
  Path directory;

  private Path input(String content) throws IOException {
    Path file = directory.resolve("plays.csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private Path results() {
    return directory.resolve("results");
  }

  private Path resultsFile() {
    return results().resolve("run_grpc_metrics.json");
  }

  private static final String EARLIER = "{\"workflow\": \"an earlier run\"}";

  /** An earlier run's results, which a failed run leaves as they are. */
  private void earlierResults() throws IOException {
    Files.createDirectories(results());
    Files.writeString(resultsFile(), EARLIER);
  }

  /** The earlier run's results as they were, and no directory of the failed run. */
  private void assertEarlierResultsUntouched() throws IOException {
    assertThat(resultsFile()).hasContent(EARLIER);
    try (var left = Files.list(results())) {
      assertThat(left).containsExactlyInAnyOrder(resultsFile(), results().resolve("runs"));
    }
    assertThat(results().resolve("runs")).isEmptyDirectory();
  }

  @Test
  void shouldSkipCountAndReportBadRowsAndStillWriteResults() throws Exception {
    Path input = input(HEADER
        + "U1,S1,A,100,2025-11-05T10:00:00,Rock\n"
        + "U1,S2,B,abc,2025-11-05T10:01:00,Pop\n"
        + "U2,S1,A,50,2025-11-05T10:02:00,Rock\n"
        + ",S1,A,50,2025-11-05T10:03:00,Rock\n"
        + "U3,S1\n");

    CliRun run = CliRun.run("run", "--input", input.toString(), "--results", results().toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("2 records read, 3 rows rejected")
        .contains("line 3: duration 'abc' is not an integer")
        .contains("line 5: user_id is empty")
        .contains("line 6: missing columns: 2 fields where the header has 6");
    JsonObject inputSection = CliRun.readResults(results()).getAsJsonObject("input");
    assertThat(inputSection.get("records_read").getAsLong()).isEqualTo(2);
    assertThat(inputSection.get("rows_rejected").getAsLong()).isEqualTo(3);
    assertThat(inputSection.getAsJsonArray("first_rejections")).hasSize(3);
    JsonObject first = inputSection.getAsJsonArray("first_rejections").get(0).getAsJsonObject();
    assertThat(first.get("line").getAsLong()).isEqualTo(3);
    assertThat(first.get("reason").getAsString()).isEqualTo("duration 'abc' is not an integer");
    // The bad rows were not counted: A - S1 was played twice, by U1 and U2.
    assertThat(CliRun.readResults(results()).getAsJsonObject("mapreduce_results")
        .getAsJsonObject("top_songs").get("A - S1").getAsLong()).isEqualTo(2);
  }

  @Test
  void shouldFailStrictRunAtFirstBadRowAndLeaveNoResultsFile() throws Exception {
    earlierResults();
    Path input = input(HEADER
        + "U1,S1,A,100,2025-11-05T10:00:00,Rock\n"
        + "U1,S2,B,-3,2025-11-05T10:01:00,Pop\n");

    CliRun run = CliRun.run("run", "--strict", "--input", input.toString(),
        "--results", results().toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).startsWith("music-analytics run: " + input
        + " line 3: duration '-3' is negative (strict mode stops at the first malformed row)"
        + "; its partial run directory " + results().resolve("runs") + "/");
    assertThat(run.err()).endsWith(" was removed\n").hasLineCount(1);
    assertThat(run.out()).isEmpty();
    assertEarlierResultsUntouched();
  }

  @Test
  void shouldFailWithOneLineErrorForMissingInputFile() throws Exception {
    earlierResults();
    Path missing = directory.resolve("missing.csv");

    CliRun run = CliRun.run("run", "--input", missing.toString(),
        "--results", results().toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("music-analytics run: input file not found: " + missing + "\n");
    assertThat(resultsFile()).hasContent(EARLIER);
    try (var left = Files.list(results())) {
      assertThat(left).as("nothing made before the input is found").containsExactly(resultsFile());
    }
  }

  @Test
  void shouldFailClearlyWhenResultsDirectoryCannotBeCreated() throws Exception {
    Path input = input(HEADER + "U1,S1,A,100,2025-11-05T10:00:00,Rock\n");
    Path regularFile = Files.writeString(directory.resolve("not-a-directory"), "x");
    Path under = regularFile.resolve("results");

    CliRun run = CliRun.run("run", "--input", input.toString(), "--results", under.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("music-analytics run: cannot write to the results directory "
        + under + ": Not a directory; choose another with --results\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void shouldFailClearlyWhenResultsPathIsARegularFile() throws Exception {
    Path input = input(HEADER + "U1,S1,A,100,2025-11-05T10:00:00,Rock\n");
    Path regularFile = Files.writeString(directory.resolve("results"), "x");

    CliRun run = CliRun.run("run", "--input", input.toString(),
        "--results", regularFile.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("music-analytics run: cannot write to the results directory "
        + regularFile + ": Not a directory; choose another with --results\n");
    assertThat(regularFile).hasContent("x");
  }

  @Test
  void shouldFailClearlyNamingStageAndAddressWhenGrpcHostIsUnreachable() throws Exception {
    earlierResults();
    Path input = input(HEADER + "U1,S1,A,100,2025-11-05T10:00:00,Rock\n");
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + closedPort;

    CliRun run = CliRun.run("run", "--target", "grpc", "--input", input.toString(),
        "--results", results().toString(), "--retries", "2", "--retry-delay", "0.01",
        "--mapreduce-address", address, "--userbehavior-address", address,
        "--genre-address", address, "--recommendation-address", address);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("music-analytics run: ShardAnalysis (MapReduce, UserBehavior, "
            + "GenreAnalysis in one call) stage failed (gRPC " + address
            + ", asking for the fused call, before the first shard): after 3 attempts: "
            + "no host at " + address + " (connection refused): start one with "
            + "`./music-analytics host`, or use the default embedded target")
        .hasLineCount(1);
    assertEarlierResultsUntouched();

    CliRun plain = CliRun.run("run", "--target", "grpc", "--no-fused", "--input",
        input.toString(), "--results", results().toString(), "--retries", "0",
        "--mapreduce-address", address, "--userbehavior-address", address,
        "--genre-address", address, "--recommendation-address", address);

    assertThat(plain.exitCode()).isEqualTo(1);
    assertThat(plain.err())
        .startsWith("music-analytics run: MapReduce stage failed (gRPC " + address
            + ", shard 1 (records 1-1)): no host at " + address)
        .hasLineCount(1);
    assertEarlierResultsUntouched();
  }

  @Test
  void shouldFailClearlyForBadAddressInEnvironment() throws Exception {
    Path input = input(HEADER + "U1,S1,A,100,2025-11-05T10:00:00,Rock\n");

    CliRun run = CliRun.run(java.util.Map.of("USERBEHAVIOR_PORT", "fifty"), "run",
        "--target", "grpc", "--input", input.toString(), "--results", results().toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("music-analytics run: environment USERBEHAVIOR_HOST=''"
        + " USERBEHAVIOR_PORT='fifty': port 'fifty' is not a number\n");
  }

  @Test
  void shouldRefuseAddressOptionsForEmbeddedTarget() throws Exception {
    Path input = input(HEADER + "U1,S1,A,100,2025-11-05T10:00:00,Rock\n");

    CliRun run = CliRun.run("run", "--input", input.toString(), "--results", results().toString(),
        "--mapreduce-address", "localhost:1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("the --*-address options apply only to --target grpc");
    assertThat(resultsFile()).doesNotExist();
  }

  @Test
  void shouldRefuseAnUnknownRecommender() throws Exception {
    Path input = input(HEADER + "U1,S1,A,100,2025-11-05T10:00:00,Rock\n");

    CliRun unknown = CliRun.run("run", "--input", input.toString(), "--results",
        results().toString(), "--recommender", "knn");

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown recommender 'knn'; known: top-artist-filter, "
        + "item-knn");
    assertThat(resultsFile()).doesNotExist();
  }

  @Test
  void shouldRefuseMalformedAddressAsUsageError() {
    CliRun run = CliRun.run("run", "--target", "grpc", "--mapreduce-address", "no-port");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'no-port' is not of the form host:port");
  }

  @Test
  void shouldPrintOnlyOneSummaryLineWhenQuiet() throws Exception {
    Path input = input(HEADER
        + "U1,S1,A,100,2025-11-05T10:00:00,Rock\n"
        + "U2,S1,A,x,2025-11-05T10:00:00,Rock\n");

    CliRun run = CliRun.run("run", "--quiet", "--input", input.toString(),
        "--results", results().toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).hasLineCount(1)
        .startsWith("1 record read, 1 row rejected, 4 stages in ")
        .endsWith("results in " + resultsFile() + "\n");
    assertThat(run.err()).as("only the run's metrics line").hasLineCount(1)
        .startsWith("run_metrics target=embedded records=1 rows_rejected=1 ");
    assertThat(resultsFile()).exists();
  }

  @Test
  void shouldReplaceEarlierResultsAndLeaveNoTemporaryFiles() throws Exception {
    earlierResults();
    Path input = input(HEADER + "U1,S1,A,100,2025-11-05T10:00:00,Rock\n");

    CliRun run = CliRun.run("run", "--quiet", "--input", input.toString(),
        "--results", results().toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(CliRun.readResults(results()).get("workflow").getAsString()).isEqualTo("grpc");
    // Beside the results: the run directories, the latest run's report page and the default
    // history store (SQLite in WAL mode keeps its -wal and -shm files while connections may
    // be open).
    try (var files = Files.list(results())) {
      assertThat(files.filter(file -> !file.getFileName().toString().startsWith("history.db")))
          .containsExactlyInAnyOrder(resultsFile(), results().resolve("report.html"),
              results().resolve("runs"));
    }
    try (var runs = Files.list(results().resolve("runs"))) {
      assertThat(runs.toList()).singleElement().satisfies(dir -> assertThat(dir)
          .isDirectoryContaining(file -> file.getFileName().toString()
              .equals("run_grpc_metrics.json")));
    }
  }

  @Test
  void shouldShowUsageAndFailWithoutCommand() {
    CliRun run = CliRun.run();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("missing COMMAND").contains("run").contains("host");
  }

  @Test
  void shouldRecordWhenTheResultsWereComputedAndFromWhichInput() throws Exception {
    Path input = input(HEADER + "U1,S1,A,100,2025-11-05T10:00:00,Rock\n"
        + "U2,S2,B,50,2025-11-05T10:02:00,Pop\n");
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(Files.readAllBytes(input));
    java.time.Instant before = java.time.Instant.now().truncatedTo(
        java.time.temporal.ChronoUnit.MILLIS);

    CliRun run = CliRun.run("run", "--quiet", "--input", input.toString(), "--results",
        results().toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonObject results = CliRun.readResults(results());
    java.time.Instant computedAt =
        java.time.Instant.parse(results.get("computed_at").getAsString());
    assertThat(results.get("computed_at").getAsString()).endsWith("Z");
    assertThat(computedAt).isBetween(before, java.time.Instant.now());
    JsonObject inputSection = results.getAsJsonObject("input");
    assertThat(inputSection.get("path").getAsString())
        .isEqualTo(input.toAbsolutePath().normalize().toString());
    assertThat(inputSection.get("size_bytes").getAsLong()).isEqualTo(Files.size(input));
    assertThat(java.time.Instant.parse(inputSection.get("last_modified").getAsString()))
        .isEqualTo(Files.getLastModifiedTime(input).toInstant());
    assertThat(inputSection.get("crc32c").getAsString())
        .isEqualTo(String.format("%08x", crc.getValue()));
  }

  @Test
  void shouldRefuseRetryFlagsOutOfRange() throws Exception {
    Path input = input(HEADER + "U1,S1,A,100,2025-11-05T10:00:00,Rock\n");

    CliRun negative = CliRun.run("run", "--input", input.toString(), "--retries", "-1");
    CliRun outOfOrder = CliRun.run("run", "--input", input.toString(), "--retry-delay", "2",
        "--retry-max-delay", "1");

    assertThat(negative.exitCode()).isEqualTo(2);
    assertThat(negative.err()).startsWith("music-analytics run: --retries must be from 0 to 100, "
        + "was -1");
    assertThat(outOfOrder.exitCode()).isEqualTo(2);
    assertThat(outOfOrder.err()).startsWith("music-analytics run: --retry-delay and "
        + "--retry-max-delay must be 0 <= delay <= max delay <= a day of seconds, were 2.0 "
        + "and 1.0");
  }
}
