package org.musicanalytics.client.pipeline.internal;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a {@link SpillFile}'s varints back. */
final class SpillReader implements AutoCloseable {
  private final InputStream file;
  private final CodedInputStream in;

  SpillReader(Path path) throws IOException {
    this.file = Files.newInputStream(path);
    this.in = CodedInputStream.newInstance(file, 64 * 1024);
  }

  boolean more() throws IOException {
    // The reader's size limit is for messages, and a spill file is no message.
    in.resetSizeCounter();
    return !in.isAtEnd();
  }

  long varint() throws IOException {
    return in.readRawVarint64();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
