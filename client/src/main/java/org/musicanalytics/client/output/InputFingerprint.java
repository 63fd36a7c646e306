package org.musicanalytics.client.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.zip.CRC32C;

/**
 * Which input a run read, for the results' provenance: the file's absolute path, size,
 * last-modified time and CRC32C, so that a results file can be checked against the input
 * it claims and a stale one told apart.
 *
 * <p>The checksum is a separate pass over the file on a background thread, overlapped with
 * the run ({@link #start}, {@link #finish}), so that it does not slow the run down. A file
 * that changes during the run fails it; only size and modification time are compared, as
 * reading the file again would double the cost.
 */
public final class InputFingerprint implements AutoCloseable {

  /** Big enough that the pass is a few large reads a second, small next to a run's memory. */
  private static final int BUFFER_BYTES = 4 << 20;

  /**
   * The input of a run.
   *
   * @param path absolute and normalised
   * @param file size, modification time and CRC32C, if it is a regular file
   */
  public record Provenance(Path path, Optional<FileState> file) {}

  /**
   * A regular file's state when it was read.
   *
   * @param sizeBytes its size
   * @param lastModified its modification time
   * @param crc32c its CRC32C, as 8 lower-case hex digits
   */
  public record FileState(long sizeBytes, Instant lastModified, String crc32c) {}

  private final Path path;
  private final BasicFileAttributes before;
  private final CompletableFuture<Long> checksum = new CompletableFuture<>();
  private volatile boolean cancelled;

  private InputFingerprint(Path path, BasicFileAttributes before) {
    this.path = path;
    this.before = before;
  }

  /**
   * Notes the file's size and time, and starts the checksum on a background thread.
   *
   * @throws ResultsException if the file's attributes cannot be read
   */
  public static InputFingerprint start(Path file) throws ResultsException {
    Path path = file.toAbsolutePath().normalize();
    InputFingerprint fingerprint = new InputFingerprint(path, attributes(path));
    if (fingerprint.before.isRegularFile()) {
      Thread pass = new Thread(fingerprint::computeChecksum, "music-analytics-input-checksum");
      pass.setDaemon(true);
      // The run's own threads come first: the checksum only has to be done when they are.
      pass.setPriority(Thread.MIN_PRIORITY);
      pass.start();
    }
    return fingerprint;
  }

  /**
   * Waits for the checksum and checks that the file did not change since {@link #start}.
   *
   * @throws ResultsException if the file changed, or cannot be read to the end
   */
  public Provenance finish() throws ResultsException {
    if (!before.isRegularFile()) {
      return new Provenance(path, Optional.empty());
    }
    long crc;
    try {
      crc = checksum.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResultsException("interrupted while computing the checksum of the input "
          + path, e);
    } catch (ExecutionException e) {
      throw new ResultsException("cannot compute the checksum of the input " + path + ": "
          + e.getCause().getMessage(), e.getCause());
    }
    BasicFileAttributes after = attributes(path);
    if (after.size() != before.size()
        || !after.lastModifiedTime().equals(before.lastModifiedTime())) {
      throw new ResultsException("the input " + path + " changed during the run (size "
          + before.size() + " -> " + after.size() + " bytes, modified "
          + before.lastModifiedTime() + " -> " + after.lastModifiedTime() + "): the "
          + "results would match no one version of it; run again on a file that stays put", null);
    }
    return new Provenance(path, Optional.of(new FileState(before.size(),
        before.lastModifiedTime().toInstant(), String.format("%08x", crc))));
  }

  /** Stops the checksum pass if the run ended without {@link #finish}. */
  @Override
  public void close() {
    cancelled = true;
  }

  private void computeChecksum() {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    long bytes = 0;
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      while (!cancelled) {
        int read = channel.read(buffer);
        if (read < 0) {
          break;
        }
        bytes += read;
        buffer.flip();
        crc.update(buffer);
        buffer.clear();
      }
      if (!cancelled && bytes != before.size()) {
        throw new IOException("read " + bytes + " bytes where the file had "
            + before.size() + " when the run started: it changed during the run");
      }
      checksum.complete(crc.getValue());
    } catch (IOException | RuntimeException e) {
      checksum.completeExceptionally(e);
    }
  }

  private static BasicFileAttributes attributes(Path path) throws ResultsException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new ResultsException("cannot read the attributes of the input " + path + ": "
          + e, e);
    }
  }
}
