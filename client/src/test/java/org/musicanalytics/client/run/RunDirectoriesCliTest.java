package org.musicanalytics.client.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.CliProcess;
import org.musicanalytics.client.run.internal.RunId;

/**
 * {@code music-analytics run} in a process of its own, as a user runs it: each run in a
 * directory of its own, the latest successful run's file at the top of the results
 * directory, and nothing of it lost to a failed run.
 */
class RunDirectoriesCliTest {

  private static final String HEADER = "user_id,song_id,artist,duration,timestamp,genre\n";
  private static final String PLAYS = HEADER + "U1,S1,Adele,200,2025-11-05T10:00:00,Soul\n"
      + "U2,S2,Drake,180,2025-11-05T10:01:00,Rap\n";

  @TempDir
  Path directory;

  private Path input() throws IOException {
    return Files.writeString(directory.resolve("plays.csv"), PLAYS, StandardCharsets.UTF_8);
  }

  private Path results() {
    return directory.resolve("results");
  }

  private Path latest() {
    return results().resolve("run_grpc_metrics.json");
  }

  private List<Path> runs() throws IOException {
    try (Stream<Path> runs = Files.list(results().resolve("runs"))) {
      return runs.sorted().toList();
    }
  }

  private CliProcess run(String... more) throws IOException {
    return CliProcess.run(Stream.concat(Stream.of("run", "--quiet", "--input",
        input().toString(), "--results", results().toString()), Stream.of(more))
        .toArray(String[]::new));
  }

  private static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  @Test
  void shouldKeepTheGoodResultsByteForByteWhenTheNextInputIsMistyped() throws Exception {
    CliProcess good = run();
    assertThat(good.exitCode()).as(good.toString()).isZero();
    byte[] goodBytes = Files.readAllBytes(latest());
    Path typo = directory.resolve("plasy.csv");

    CliProcess failed = CliProcess.run("run", "--input", typo.toString(), "--results",
        results().toString());

    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
    assertThat(failed.firstErrorLine())
        .isEqualTo("music-analytics run: input file not found: " + typo);
    assertThat(failed.err()).hasLineCount(1);
    assertThat(failed.out()).isEmpty();
    assertThat(Files.readAllBytes(latest())).isEqualTo(goodBytes);
    assertThat(runs()).hasSize(1);
  }

  @Test
  void shouldWriteEachRunIntoItsOwnDirectoryAndTheLatestAtTheTop() throws Exception {
    assertThat(run().exitCode()).isZero();
    CliProcess second = run();

    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.err()).as("a quiet run: only the run's metrics line")
        .startsWith("run_metrics ").hasLineCount(1);
    List<Path> runs = runs();
    assertThat(runs).hasSize(2);
    for (Path run : runs) {
      assertThat(RunId.isRunId(run.getFileName().toString())).as(run.toString()).isTrue();
      assertThat(json(run.resolve("run_grpc_metrics.json")).get("run_id").getAsString())
          .isEqualTo(run.getFileName().toString());
    }
    assertThat(Files.readAllBytes(latest()))
        .isEqualTo(Files.readAllBytes(runs.get(1).resolve("run_grpc_metrics.json")));
    assertThat(Files.readAllBytes(results().resolve("report.html")))
        .isEqualTo(Files.readAllBytes(runs.get(1).resolve("report.html")));
    // Beside them, the default history store (SQLite in WAL mode keeps its -wal and -shm
    // files while connections may be open).
    try (Stream<Path> top = Files.list(results())) {
      assertThat(top.filter(file -> !file.getFileName().toString().startsWith("history.db")))
          .containsExactlyInAnyOrder(latest(), results().resolve("report.html"),
              results().resolve("runs"));
    }
  }

  @Test
  void shouldKeepAtMostKeepRunsDirectoriesRemovingTheOldest() throws Exception {
    assertThat(run().exitCode()).isZero();
    Path oldest = runs().get(0);
    assertThat(run("--keep-runs", "2").exitCode()).isZero();
    CliProcess third = run("--keep-runs", "2");

    assertThat(third.exitCode()).as(third.toString()).isZero();
    List<Path> runs = runs();
    assertThat(runs).hasSize(2).doesNotContain(oldest);
    assertThat(json(latest()).get("run_id").getAsString())
        .isEqualTo(runs.get(1).getFileName().toString());
  }

  @Test
  void shouldRefuseKeepRunsBelowOneAsUsageError() throws Exception {
    CliProcess refused = run("--keep-runs", "0");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.firstErrorLine())
        .isEqualTo("music-analytics run: --keep-runs must be at least 1, was 0; see "
            + "'music-analytics help run'");
    assertThat(results()).doesNotExist();
  }

  @Test
  void shouldCreateResultsFilesWithTheModeTheUmaskGives() throws Exception {
    assumeTrue(directory.getFileSystem().supportedFileAttributeViews().contains("posix"));

    CliProcess run = CliProcess.start("027", new byte[0], "run", "--quiet", "--input",
        input().toString(), "--results", results().toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    for (Path file : List.of(latest(), runs().get(0).resolve("run_grpc_metrics.json"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as(file.toString()).isEqualTo("rw-r-----");
    }
  }
}
