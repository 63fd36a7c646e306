package org.musicanalytics.client.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code run_grpc_metrics.json} in one directory, replaced in one atomic step so that no
 * reader ever sees a partial file and a failed write leaves the earlier file as it was.
 *
 * <p>{@link #write} writes a temporary file in the same directory, syncs it and renames it
 * over the final name. The temporary file is created like any other file, so the results
 * file's mode follows the umask.
 */
public final class ResultsFile {

  /** The results file's name, as the old deployment's client named it. */
  public static final String FILE_NAME = "run_grpc_metrics.json";

  private final Path directory;
  private final Path path;

  /** The results file {@value #FILE_NAME} in {@code directory}. */
  public ResultsFile(Path directory) {
    this(directory, FILE_NAME);
  }

  /** A file written the same way beside it, e.g. the run's {@code report.html}. */
  public ResultsFile(Path directory, String fileName) {
    this.directory = directory;
    this.path = directory.resolve(fileName);
  }

  /** Where the results go. */
  public Path path() {
    return path;
  }

  /**
   * Writes {@code json} (or any text) as the file, atomically.
   *
   * @throws ResultsException if it cannot be written; the earlier file, if any, is left
   *     as it was, and no temporary file remains
   */
  public void write(String json) throws ResultsException {
    Path temporary = directory.resolve("." + path.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    boolean created = false;
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        created = true;
        ByteBuffer bytes = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      created = false;
    } catch (IOException e) {
      throw new ResultsException("cannot write "
          + (path.endsWith(FILE_NAME) ? "the results file " : "") + path + ": " + reason(e), e);
    } finally {
      if (created) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          // The write already failed and that is what gets reported.
        }
      }
    }
  }

  /**
   * The file-system reason in words, without a Java class name and without repeating the
   * path, e.g. "permission denied" or "Not a directory".
   */
  public static String reason(IOException e) {
    if (e instanceof FileAlreadyExistsException) {
      return "a file of that name is in the way";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }
}
