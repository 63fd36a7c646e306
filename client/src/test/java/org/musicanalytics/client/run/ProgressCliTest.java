package org.musicanalytics.client.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.CliProcess;
import org.musicanalytics.client.CliRun;
import org.musicanalytics.client.run.internal.ReadProgress;

/**
 * {@code music-analytics run}'s stderr in a process of its own: a progress line from the
 * bytes read when stderr is a terminal (as the launcher tells it), and one summary line
 * when it is not.
 */
class ProgressCliTest {

  @TempDir
  static Path shared;

  @TempDir
  Path directory;

  private static Path input;

  @BeforeAll
  static void generate() {
    input = CliRun.generate(shared.resolve("plays.csv"), 400_000, 9);
  }

  @Test
  void shouldShowRowsPercentRateAndEtaOnATerminal() throws Exception {
    // One small shard at a time: the read takes long enough for several updates.
    CliProcess run = CliProcess.start(List.of("-D" + ReadProgress.STDERR_TERMINAL + "=true"),
        null, new byte[0], "run", "--target", "inprocess", "--input", input.toString(),
        "--results", directory.toString(), "--concurrency", "1", "--shard-bytes", "65536");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    // The rate is "?" in the read's first second (ReadProgressTest sees a figure there).
    assertThat(run.err()).as(run.toString()).containsPattern("\rReading +[0-9]{1,3}% "
        + "\\[[=> ]+\\] +[0-9]+/" + Files.size(input) / (1024 * 1024) + " MiB "
        + "\\([0-9]+:[0-9]{2}:[0-9]{2} / [0-9]+:[0-9]{2}:[0-9]{2}\\) "
        + "([0-9]+\\.[0-9]|\\?) MiB/s [0-9,]*[1-9][0-9,]* rows");
    // Cleared at the end; no colours, and no jline warning though stdin and stdout are pipes.
    // After the cleared bar, only the run's metrics line.
    int metricsLine = run.err().indexOf("run_metrics ");
    assertThat(metricsLine).as(run.toString()).isPositive();
    assertThat(run.err().substring(0, metricsLine)).endsWith("\r")
        .containsPattern("\r +\r$");
    assertThat(run.err().substring(metricsLine)).hasLineCount(1);
    assertThat(run.err()).doesNotContain("\u001b").doesNotContain("Unable to create")
        .doesNotContain("music-analytics run:");
  }

  @Test
  void shouldPrintOneSummaryLineWhenStderrIsNoTerminal() throws Exception {
    CliProcess run = CliProcess.start(List.of("-D" + ReadProgress.STDERR_TERMINAL + "=false"),
        null, new byte[0], "run", "--target", "inprocess", "--input", input.toString(),
        "--results", directory.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).as("the run's metrics line, then one summary line")
        .startsWith("run_metrics ").hasLineCount(2).doesNotContain("\r");
    assertThat(run.err().lines().skip(1).findFirst().orElseThrow())
        .startsWith("music-analytics run: 400000 records read, 0 rows rejected, 4 stages in ");
  }
}
