package org.musicanalytics.client.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.CliProcess;

/**
 * {@code music-analytics run} in a process of its own on an input without one valid play:
 * exit 1, one line saying so, and no results.
 */
class EmptyInputCliTest {

  private static final String HEADER = "user_id,song_id,artist,duration,timestamp,genre\n";

  @TempDir
  Path directory;

  private CliProcess run(Path input) {
    return CliProcess.run("run", "--input", input.toString(), "--results",
        directory.resolve("results").toString());
  }

  private void assertNoResults() {
    assertThat(directory.resolve("results").resolve("run_grpc_metrics.json")).doesNotExist();
    assertThat(directory.resolve("results").resolve("runs")).isEmptyDirectory();
  }

  @Test
  void shouldFailOnAHeaderOnlyFile() throws Exception {
    Path input = Files.writeString(directory.resolve("header.csv"), HEADER);

    CliProcess run = run(input);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.firstErrorLine()).startsWith("music-analytics run: no valid plays in "
        + input + " (a header and no rows); its partial run directory ");
    assertThat(run.err()).hasLineCount(1);
    assertThat(run.out()).isEmpty();
    assertNoResults();
  }

  @Test
  void shouldFailWhenEveryRowIsRejected() throws Exception {
    Path input = Files.writeString(directory.resolve("bad.csv"), HEADER
        + "U1,S1,Adele,abc,2025-11-05T10:00:00,Soul\n");

    CliProcess run = run(input);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.firstErrorLine()).startsWith("music-analytics run: no valid plays in "
        + input + " (1 row rejected; first: line 2: duration 'abc' is not an integer); ");
    assertThat(run.out()).isEmpty();
    assertNoResults();
  }
}
