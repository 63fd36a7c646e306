package org.musicanalytics.client.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
  void shouldWriteFile() throws Exception {
    ResultsFile results = new ResultsFile(directory);

    results.write("{\"x\": 1}\n");

    assertThat(results.path()).isEqualTo(directory.resolve("run_grpc_metrics.json"));
    assertThat(results.path()).hasContent("{\"x\": 1}");
    assertThat(filesIn(directory)).containsExactly(results.path());
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
  void shouldLeaveTheEarlierFileWhenTheWriteFails() throws Exception {
    Path file = Files.writeString(directory.resolve("file"), "x");
    ResultsFile results = new ResultsFile(file.resolve("results"));

    assertThatThrownBy(() -> results.write("new"))
        .isInstanceOf(ResultsException.class)
        .hasMessage("cannot write the results file " + results.path() + ": Not a directory");
    assertThat(file).hasContent("x");
  }

  @Test
  void shouldCreateTheFileWithTheModeTheUmaskGives() throws Exception {
    assumeTrue(directory.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path other = Files.writeString(directory.resolve("other"), "x");
    ResultsFile results = new ResultsFile(directory);

    results.write("{}");

    assertThat(Files.getPosixFilePermissions(results.path()))
        .isEqualTo(Files.getPosixFilePermissions(other));
  }
}
