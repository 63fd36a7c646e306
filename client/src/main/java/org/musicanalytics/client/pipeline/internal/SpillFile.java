package org.musicanalytics.client.pipeline.internal;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** One spill file of varints, written through protobuf's buffered writer. */
final class SpillFile {
  final Path path;
  private final OutputStream file;
  private final CodedOutputStream out;

  SpillFile(Path path, int bufferBytes) throws IOException {
    this.path = path;
    this.file = Files.newOutputStream(path);
    this.out = CodedOutputStream.newInstance(file, bufferBytes);
  }

  void varint(long value) {
    try {
      out.writeUInt64NoTag(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the spill file " + path + ": "
          + e.getMessage(), e);
    }
  }

  void close() throws IOException {
    out.flush();
    file.close();
  }

  /** Deletes {@code directory} and the files in it (no subdirectories), if it exists. */
  static void deleteDirectory(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(directory);
  }

  void closeQuietly() {
    try {
      file.close();
    } catch (IOException e) {
      // Deleted next; a write that failed has failed the run already.
    }
  }
}
