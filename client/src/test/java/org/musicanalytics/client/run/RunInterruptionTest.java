package org.musicanalytics.client.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.CliRun;
import org.musicanalytics.client.MusicAnalytics;
import org.musicanalytics.host.ChildJvm;

/**
 * {@code music-analytics run} in a child JVM, stopped mid-run by SIGINT (what Ctrl-C
 * sends) or SIGTERM: it leaves the earlier results as they were, removes its own
 * partial run directory and says so, as a failed run does.
 */
class RunInterruptionTest {

  @TempDir
  static Path shared;

  @TempDir
  Path directory;

  private static Path input;

  @BeforeAll
  static void generate() {
    input = CliRun.generate(shared.resolve("plays.csv"), 200_000, 3);
  }

  @Test
  void shouldLeaveEarlierResultsUntouchedWhenInterrupted() throws Exception {
    assertStoppedBy("INT", 130);
  }

  @Test
  void shouldLeaveEarlierResultsUntouchedWhenTerminated() throws Exception {
    assertStoppedBy("TERM", 143);
  }

  private void assertStoppedBy(String signal, int exitCode) throws Exception {
    Path results = Files.createDirectories(directory.resolve("results"));
    Files.writeString(results.resolve("run_grpc_metrics.json"), "{\"earlier\":true}");
    // --verbose shows the embedded host's line per call: the sign that the run is under way.
    try (ChildJvm run = ChildJvm.start(List.of(), MusicAnalytics.class,
        "run", "--verbose", "--quiet", "--input", input.toString(), "--results",
        results.toString(), "--shard-bytes", "16384", "--concurrency", "1")) {
      run.awaitOutput("AnalyzeShard records=", 5);

      run.signal(signal);

      assertThat(run.waitFor(30)).as("stopped").isTrue();
      assertThat(run.process().exitValue()).as("128 + SIG%s:%n%s", signal, run.output())
          .isEqualTo(exitCode);
      assertThat(run.output()).contains("music-analytics run: stopped before it "
          + "finished (interrupted or terminated); the earlier results are untouched; its "
          + "partial run directory " + results.resolve("runs") + "/");
      assertThat(results.resolve("run_grpc_metrics.json")).hasContent("{\"earlier\":true}");
      try (Stream<Path> left = Files.list(results)) {
        assertThat(left).as("the earlier results, no partial or temporary file")
            .containsExactlyInAnyOrder(results.resolve("run_grpc_metrics.json"),
                results.resolve("runs"));
      }
      assertThat(results.resolve("runs")).as("the stopped run's directory removed")
          .isEmptyDirectory();
    }
  }
}
