package org.musicanalytics.client.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {

  @TempDir
  Path directory;

  private Path[] filesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toArray(Path[]::new);
    }
  }

  @Test
  void shouldCreateDirectoryAndWriteFile() throws Exception {
    ResultsFile results = new ResultsFile(directory.resolve("a/b"));

    results.prepare();
    results.write("{\"x\": 1}\n");

    assertThat(results.path()).isEqualTo(directory.resolve("a/b/run_grpc_metrics.json"));
    assertThat(results.path()).hasContent("{\"x\": 1}");
    assertThat(filesIn(directory.resolve("a/b"))).containsExactly(results.path());
  }

  @Test
  void shouldRemoveEarlierResultsWhenPrepared() throws Exception {
    ResultsFile results = new ResultsFile(directory);
    Files.writeString(results.path(), "earlier");

    results.prepare();

    assertThat(results.path()).doesNotExist();
  }

  @Test
  void shouldReplaceEarlierResults() throws Exception {
    ResultsFile results = new ResultsFile(directory);
    Files.writeString(results.path(), "earlier");

    results.write("new");

    assertThat(results.path()).hasContent("new");
    assertThat(filesIn(directory)).containsExactly(results.path());
  }

  @Test
  void shouldLeaveNoTemporaryFileWhenTheFinalRenameFails() throws Exception {
    ResultsFile results = new ResultsFile(directory);
    // A non-empty directory where the file should go: the rename over it fails.
    Files.createDirectories(results.path());
    Files.writeString(results.path().resolve("blocker"), "x");

    assertThatThrownBy(() -> results.write("new"))
        .isInstanceOf(ResultsException.class)
        .hasMessageStartingWith("cannot write the results file " + results.path() + ": ");

    assertThat(filesIn(directory)).containsExactly(results.path());
  }

  @Test
  void shouldFailClearlyForDirectoryUnderRegularFile() throws Exception {
    Path file = Files.writeString(directory.resolve("file"), "x");
    ResultsFile results = new ResultsFile(file.resolve("results"));

    assertThatThrownBy(results::prepare)
        .isInstanceOf(ResultsException.class)
        .hasMessage("cannot create the results directory " + file.resolve("results")
            + ": Not a directory");
  }

  @Test
  void shouldRemoveEarlierResultsAndRefuseToWriteOnceAbandoned() throws Exception {
    ResultsFile results = new ResultsFile(directory);
    Files.writeString(results.path(), "earlier");

    assertThat(results.abandon()).isTrue();

    assertThat(results.path()).doesNotExist();
    assertThatThrownBy(() -> results.write("{}"))
        .isInstanceOf(ResultsException.class)
        .hasMessage("the run was stopped: no results file written to " + results.path());
    assertThat(filesIn(directory)).isEmpty();
  }

  @Test
  void shouldKeepResultsWrittenWholeBeforeTheStop() throws Exception {
    ResultsFile results = new ResultsFile(directory);
    results.prepare();
    results.write("{\"x\": 1}\n");

    assertThat(results.abandon()).isFalse();

    assertThat(results.path()).hasContent("{\"x\": 1}");
  }
}
