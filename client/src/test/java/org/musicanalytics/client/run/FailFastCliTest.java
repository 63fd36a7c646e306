package org.musicanalytics.client.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.CliProcess;
import org.musicanalytics.client.CliRun;

/**
 * {@code music-analytics run} in a process of its own: an unusable input or results
 * directory is refused before any work, in one line; {@code --input -} reads standard
 * input.
 */
class FailFastCliTest {

  private static final String PLAYS = "user_id,song_id,artist,duration,timestamp,genre\n"
      + "U1,S1,Adele,200,2025-11-05T10:00:00,Soul\n"
      + "U2,S2,Drake,180,2025-11-05T10:01:00,Rap\n";

  /** Long enough for a JVM to start on a busy machine, far shorter than reading 300K rows. */
  private static final double QUICK_SECONDS = 8;

  @TempDir
  Path directory;

  @Test
  void shouldRefuseAResultsPathUnderARegularFileBeforeReading() throws Exception {
    Path input = CliRun.generate(directory.resolve("plays.csv"), 300_000, 1);
    Path file = Files.writeString(directory.resolve("file"), "x");
    Path results = file.resolve("results");

    CliProcess run = CliProcess.run("run", "--input", input.toString(), "--results",
        results.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.firstErrorLine()).isEqualTo("music-analytics run: cannot write to the "
        + "results directory " + results + ": Not a directory; choose another with --results");
    assertThat(run.err()).hasLineCount(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.seconds()).isLessThan(QUICK_SECONDS);
    assertThat(file).hasContent("x");
  }

  @Test
  void shouldRefuseAnUnwritableResultsDirectoryBeforeReading() throws Exception {
    assumeTrue(directory.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path results = Files.createDirectory(directory.resolve("results"));
    Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("r-xr-xr-x"));
    assumeTrue(!Files.isWritable(results), "permissions bind this user (not root)");
    Path input = CliRun.generate(directory.resolve("plays.csv"), 300_000, 1);

    CliProcess run = CliProcess.run("run", "--input", input.toString(), "--results",
        results.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.firstErrorLine()).isEqualTo("music-analytics run: cannot write to the "
        + "results directory " + results + ": permission denied; choose another with --results");
    assertThat(run.seconds()).isLessThan(QUICK_SECONDS);
    assertThat(results).isEmptyDirectory();
  }

  @Test
  void shouldReadStandardInputForInputDash() throws Exception {
    Path results = directory.resolve("results");

    CliProcess run = CliProcess.start(null, PLAYS.getBytes(StandardCharsets.UTF_8), "run",
        "--quiet", "--input", "-", "--results", results.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("2 records read, 0 rows rejected, 4 stages in ");
    JsonObject written = JsonParser.parseString(Files.readString(
        results.resolve("run_grpc_metrics.json"))).getAsJsonObject();
    List<Path> runs;
    try (Stream<Path> list = Files.list(results.resolve("runs"))) {
      runs = list.toList();
    }
    assertThat(runs).hasSize(1);
    JsonObject input = written.getAsJsonObject("input");
    assertThat(input.get("path").getAsString())
        .isEqualTo(runs.get(0).resolve("stdin.csv").toAbsolutePath().toString());
    assertThat(input.get("records_read").getAsLong()).isEqualTo(2);
    assertThat(runs.get(0).resolve("stdin.csv")).hasContent(PLAYS);
  }
}
