package org.musicanalytics.client.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * {@code <results>/run_grpc_metrics.json}, written so that no reader ever sees a partial
 * file and no failed run leaves an earlier run's file behind.
 *
 * <p>{@link #prepare()} removes earlier results before the run; {@link #write} writes a
 * temporary file in the same directory, syncs it and renames it over the final name in one
 * atomic step; {@link #abandon}, from a shutdown hook, leaves no results file either.
 */
public final class ResultsFile {

  /** The results file's name, as the old deployment's client named it. */
  public static final String FILE_NAME = "run_grpc_metrics.json";

  private final Path directory;
  private final Path path;
  /** Guarded by this: whether {@link #write} put this run's file in place. */
  private boolean written;
  /** Guarded by this: whether the run was abandoned, after which nothing is written. */
  private boolean abandoned;

  public ResultsFile(Path directory) {
    this.directory = directory;
    this.path = directory.resolve(FILE_NAME);
  }

  /** Where the results go. */
  public Path path() {
    return path;
  }

  /**
   * Creates the directory if needed and deletes any earlier results file, so that a run
   * that fails from here on leaves none.
   *
   * @throws ResultsException if the directory cannot be created or the old file removed
   */
  public void prepare() throws ResultsException {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new ResultsException("cannot create the results directory " + directory + ": "
          + reason(e), e);
    }
    discard();
  }

  /**
   * Deletes the results file if there is one.
   *
   * @throws ResultsException if it exists and cannot be deleted
   */
  public void discard() throws ResultsException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new ResultsException("cannot remove the earlier results file " + path + ": "
          + reason(e), e);
    }
  }

  /**
   * Writes {@code json} as the results file, atomically.
   *
   * @throws ResultsException if it cannot be written; no results file is left then
   */
  public synchronized void write(String json) throws ResultsException {
    if (abandoned) {
      throw new ResultsException("the run was stopped: no results file written to " + path,
          null);
    }
    Path temporary = null;
    try {
      temporary = Files.createTempFile(directory, "." + FILE_NAME + ".", ".tmp");
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      temporary = null;
      written = true;
    } catch (IOException e) {
      throw new ResultsException("cannot write the results file " + path + ": " + reason(e), e);
    } finally {
      if (temporary != null) {
        deleteQuietly(temporary);
        deleteQuietly(path);
      }
    }
  }

  /**
   * For a run stopped from outside: unless this run's results are already in place
   * (complete: they are renamed there whole), removes the results file and makes any
   * later {@link #write} fail. A write under way finishes first, since this waits for it:
   * its temporary file never outlives it.
   *
   * @return whether the run was unfinished, so that no results file remains
   */
  public synchronized boolean abandon() {
    if (written) {
      return false;
    }
    abandoned = true;
    deleteQuietly(path);
    return true;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The write already failed and that is what gets reported.
    }
  }

  /** The file-system reason without repeating the path, e.g. "Not a directory". */
  private static String reason(IOException e) {
    if (e instanceof FileAlreadyExistsException) {
      return "a file of that name is in the way (not a directory)";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    String name = e.getClass().getSimpleName();
    return e.getMessage() == null ? name : name + ": " + e.getMessage();
  }
}
