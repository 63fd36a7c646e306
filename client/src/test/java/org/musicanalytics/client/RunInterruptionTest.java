package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.host.ProcessOutput;

/**
 * {@code music-analytics run} in a child JVM, stopped mid-run by SIGINT (what Ctrl-C
 * sends) or SIGTERM: it leaves no results file, earlier or partial, and no temporary
 * file, as a failed run does.
 */
class RunInterruptionTest {

  @TempDir
  static Path shared;

  @TempDir
  Path directory;

  private static Path input;

  @BeforeAll
  static void generate() {
    input = shared.resolve("plays.csv");
    CliRun generate = CliRun.run("generate", "--records", "200000", "--seed", "3", "--out",
        input.toString());
    assertThat(generate.exitCode()).as(generate.toString()).isZero();
  }

  @Test
  void shouldLeaveNoResultsFileWhenInterrupted() throws Exception {
    assertStoppedBy("INT", 130);
  }

  @Test
  void shouldLeaveNoResultsFileWhenTerminated() throws Exception {
    assertStoppedBy("TERM", 143);
  }

  private void assertStoppedBy(String signal, int exitCode) throws Exception {
    Path results = Files.createDirectories(directory.resolve("results"));
    Files.writeString(results.resolve("run_grpc_metrics.json"), "{\"earlier\":true}");
    // --verbose shows the embedded host's line per call: the sign that the run is under way.
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), MusicAnalytics.class.getName(),
        "run", "--verbose", "--quiet", "--input", input.toString(), "--results",
        results.toString(), "--shard-bytes", "16384", "--concurrency", "1")
        .redirectErrorStream(true).start();
    StringBuffer output = new StringBuffer();
    Thread reader = new Thread(() -> ProcessOutput.collect(process, output), "run-output");
    reader.setDaemon(true);
    reader.start();
    try {
      awaitCalls(process, output, 5);

      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .inheritIO().start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped").isTrue();
      reader.join(5_000);
      assertThat(process.exitValue()).as("128 + SIG%s:%n%s", signal, output)
          .isEqualTo(exitCode);
      assertThat(output.toString()).contains("music-analytics run: stopped before it "
          + "finished (interrupted or terminated); no results file at "
          + results.resolve("run_grpc_metrics.json"));
      try (Stream<Path> left = Files.list(results)) {
        assertThat(left).as("no results, earlier, partial or temporary").isEmpty();
      }
    } finally {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Waits for {@code calls} stage calls in the run's output; fails after 30 s. */
  private static void awaitCalls(Process process, StringBuffer output, int calls)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (countCalls(output) < calls) {
      assertThat(process.isAlive()).as("the run ended early:%n%s", output).isTrue();
      assertThat(System.nanoTime()).as("fewer than %d calls in:%n%s", calls, output)
          .isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static long countCalls(StringBuffer output) {
    List<String> lines = output.toString().lines().toList();
    return lines.stream().filter(line -> line.contains("AnalyzeShard records=")).count();
  }

}
