package org.musicanalytics.client.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFingerprintTest {

  @TempDir
  Path directory;

  /** Bigger than the pass's buffer, and not a multiple of it. */
  private Path file(int bytes) throws Exception {
    byte[] content = new byte[bytes];
    new Random(11).nextBytes(content);
    return Files.write(directory.resolve("plays.csv"), content);
  }

  @Test
  void shouldGiveTheFilesSizeTimeAndCrc32c() throws Exception {
    Path file = file(9 * 1024 * 1024 + 17);
    CRC32C expected = new CRC32C();
    expected.update(Files.readAllBytes(file));

    InputFingerprint.Provenance provenance;
    try (InputFingerprint fingerprint = InputFingerprint.start(directory.resolve(".").resolve(
        "plays.csv"))) {
      provenance = fingerprint.finish();
    }

    assertThat(provenance.path()).isEqualTo(file.toAbsolutePath().normalize());
    InputFingerprint.FileState state = provenance.file().orElseThrow();
    assertThat(state.sizeBytes()).isEqualTo(Files.size(file));
    assertThat(state.lastModified()).isEqualTo(Files.getLastModifiedTime(file).toInstant());
    assertThat(state.crc32c()).isEqualTo(String.format("%08x", expected.getValue()))
        .hasSize(8);
  }

  @Test
  void shouldFailClearlyWhenTheFileChangesDuringTheRun() throws Exception {
    Path file = file(1000);
    try (InputFingerprint fingerprint = InputFingerprint.start(file)) {
      // Same size, another time: what an editor's save of a same-length file looks like.
      Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

      assertThatThrownBy(fingerprint::finish)
          .isInstanceOf(ResultsException.class)
          .hasMessageStartingWith("the input " + file.toAbsolutePath().normalize()
              + " changed during the run (size 1000 -> 1000 bytes, modified ")
          .hasMessageContaining("-> 2020-01-01T00:00:00Z)");
    }
  }

  @Test
  void shouldFailClearlyWhenTheFileGrowsDuringTheRun() throws Exception {
    Path file = file(1000);
    try (InputFingerprint fingerprint = InputFingerprint.start(file)) {
      Files.write(file, new byte[10], java.nio.file.StandardOpenOption.APPEND);

      assertThatThrownBy(fingerprint::finish)
          .isInstanceOf(ResultsException.class)
          .hasMessageContaining("the input " + file.toAbsolutePath().normalize())
          .hasMessageContaining("changed during the run");
    }
  }
}
