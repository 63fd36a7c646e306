package org.musicanalytics.client.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.musicanalytics.client.CliRun;
import org.musicanalytics.client.MusicAnalytics;
import org.musicanalytics.host.ChildJvm;

/**
 * {@code music-analytics run} in a child JVM whose heap is too small for its shards: one
 * line saying so and what to change, exit code 1, the earlier results untouched and no
 * partial file, instead of an {@code OutOfMemoryError}'s stack trace.
 */
class RunOutOfMemoryTest {

  @TempDir
  static Path shared;

  @TempDir
  Path directory;

  private static Path input;

  @BeforeAll
  static void generate() {
    input = CliRun.generate(shared.resolve("plays.csv"), 300_000, 3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "inprocess"})
  void shouldSayWhatToChangeWhenTheHeapIsTooSmall(String target) throws Exception {
    Path results = Files.createDirectories(directory.resolve("results"));
    Files.writeString(results.resolve("run_grpc_metrics.json"), "{\"earlier\":true}");
    // 16 MB of plays in one shard of up to 30 MB, in a 48 MiB heap.
    try (ChildJvm run = ChildJvm.start(List.of("-Xmx48m"), MusicAnalytics.class,
        "run", "--quiet", "--target", target, "--input", input.toString(), "--results",
        results.toString(), "--shard-bytes", "30000000", "--call-timeout", "60")) {
      assertThat(run.waitFor(90)).as("finished").isTrue();

      assertThat(run.process().exitValue()).as(run.output()).isEqualTo(1);
      assertThat(run.output())
          .contains("music-analytics run: ran out of memory (the heap limit is ")
          .contains("lower --shard-bytes or --concurrency, or raise the heap limit")
          .doesNotContain("java.lang.OutOfMemoryError", "\tat ");
      assertThat(results.resolve("run_grpc_metrics.json")).hasContent("{\"earlier\":true}");
      try (Stream<Path> left = Files.list(results)) {
        assertThat(left).as("the earlier results, no partial or temporary file")
            .containsExactlyInAnyOrder(results.resolve("run_grpc_metrics.json"),
                results.resolve("runs"));
      }
      assertThat(results.resolve("runs")).as("the failed run's directory removed")
          .isEmptyDirectory();
    }
  }
}
