package org.musicanalytics.client.run.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.musicanalytics.client.output.ResultsDocument;
import org.musicanalytics.client.output.ResultsException;
import org.musicanalytics.client.output.ResultsFile;
import org.musicanalytics.client.report.ReportPage;
import picocli.CommandLine;

/**
 * A run's results from start to end: its own directory {@code <results>/runs/<run id>/},
 * made before any work; on success its {@code run_grpc_metrics.json} there and, replaced
 * atomically, {@code <results>/run_grpc_metrics.json}, the latest successful run's; on
 * failure, or a stop from outside (Ctrl-C, SIGTERM: a shutdown hook), its directory
 * removed and the earlier results untouched. Completed run directories beyond
 * {@code --keep-runs} are removed, oldest first.
 */
public final class ResultsLifecycle implements AutoCloseable {

  /** The directory under the results directory that holds one directory per run. */
  public static final String RUNS = "runs";

  private final Path resultsDirectory;
  private final int keepRuns;
  private final PrintWriter err;
  private final boolean verbose;
  private final Thread onStop;
  /** Guarded by this: the run's id and directory, once {@link #prepare} made it. */
  private String runId;
  private Path runDirectory;
  /** Guarded by this: whether the run completed, or was stopped from outside. */
  private boolean completed;
  private boolean abandoned;

  private ResultsLifecycle(Path resultsDirectory, int keepRuns, PrintWriter err,
      boolean verbose) {
    this.resultsDirectory = resultsDirectory;
    this.keepRuns = keepRuns;
    this.err = err;
    this.verbose = verbose;
    this.onStop = new Thread(this::stopped, "music-analytics-run-stopped");
  }

  /**
   * Starts the lifecycle of a run's results in {@code resultsDirectory}, keeping at most
   * {@code keepRuns} completed run directories: from now on a stop from outside leaves the
   * earlier results as they are. Failures are reported on {@code err}, with their stack
   * trace when {@code verbose}.
   */
  public static ResultsLifecycle begin(Path resultsDirectory, int keepRuns, PrintWriter err,
      boolean verbose) {
    ResultsLifecycle results = new ResultsLifecycle(resultsDirectory, keepRuns, err, verbose);
    Runtime.getRuntime().addShutdownHook(results.onStop);
    return results;
  }

  /** {@code <results>/run_grpc_metrics.json}: the latest successful run's results. */
  public Path latestFile() {
    return new ResultsFile(resultsDirectory).path();
  }

  /** The run's directory; {@link #prepare} makes it. */
  public synchronized Path runDirectory() {
    return runDirectory;
  }

  /**
   * Makes the run's directory under a new run id, which also shows that the results
   * directory can be written; nothing else is touched.
   *
   * @throws ResultsException naming the directory and why it cannot be made
   */
  public synchronized void prepare() throws ResultsException {
    Path runs = resultsDirectory.resolve(RUNS);
    try {
      Files.createDirectories(runs);
      checkWritable(resultsDirectory);
      while (runDirectory == null) {
        String id = RunId.of(Instant.now(), ThreadLocalRandom.current().nextInt());
        try {
          runDirectory = Files.createDirectory(runs.resolve(id));
          runId = id;
        } catch (FileAlreadyExistsException taken) {
          // Another run started in the same millisecond with the same random digits.
        }
      }
    } catch (IOException e) {
      throw new ResultsException("cannot write to the results directory " + resultsDirectory
          + ": " + ResultsFile.reason(e) + "; choose another with --results", e);
    }
  }

  /**
   * Copies {@code in} to {@code name} in the run's directory and returns that file, e.g.
   * standard input, so that it is read as a file of known size.
   */
  public Path keep(InputStream in, String name) throws ResultsException {
    Path file = runDirectory().resolve(name);
    try {
      Files.copy(in, file);
      return file;
    } catch (IOException e) {
      throw new ResultsException("cannot copy standard input to " + file + ": "
          + ResultsFile.reason(e), e);
    }
  }

  /** The run's id: the time it started and random digits; {@link #prepare} makes it. */
  public synchronized String runId() {
    return runId;
  }

  /**
   * The one place where a run completes successfully: writes {@code document} and its
   * report page into the run's directory, makes both the latest, each replaced atomically
   * (the page first, so that the latest results file never names a run older than the
   * page), and removes the oldest completed run directories beyond {@code --keep-runs}.
   *
   * @return the completed run: its id, document and directory
   * @throws ResultsException naming the file and why it cannot be written; the earlier
   *     latest results are then untouched
   */
  public CompletedRun complete(Map<String, Object> document, String reportPage)
      throws ResultsException {
    return complete(document, ResultsDocument.toJson(document), reportPage);
  }

  /**
   * As {@link #complete(Map, String)}, with the document already printed
   * ({@link ResultsDocument#toJson}): a caller that needs the JSON too prints it once.
   */
  public synchronized CompletedRun complete(Map<String, Object> document, String json,
      String reportPage) throws ResultsException {
    if (abandoned) {
      throw new ResultsException("the run was stopped: no results written", null);
    }
    new ResultsFile(runDirectory).write(json);
    new ResultsFile(runDirectory, ReportPage.FILE_NAME).write(reportPage);
    new ResultsFile(resultsDirectory, ReportPage.FILE_NAME).write(reportPage);
    new ResultsFile(resultsDirectory).write(json);
    completed = true;
    removeOldRuns();
    return new CompletedRun(runId, document, runDirectory);
  }

  /**
   * Reports a failed run in one line, saying what became of its directory, and removes
   * that directory; the earlier results are untouched.
   *
   * @return the run's exit code
   */
  public int fail(Exception e) {
    String removed = removeRun();
    // A transport's message may span lines (Netty's, for one): the failure is one line.
    err.println("music-analytics run: "
        + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ") + removed);
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  /** Ends the lifecycle: a stop from outside no longer concerns this run's results. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(onStop);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: it decided about the run's directory.
    }
  }

  /** The shutdown hook: an unfinished run's directory goes, and the run says so. */
  private void stopped() {
    synchronized (this) {
      if (completed) {
        return;
      }
      abandoned = true;
    }
    err.println("music-analytics run: stopped before it finished (interrupted or "
        + "terminated); the earlier results are untouched" + removeRun());
    err.flush();
  }

  /**
   * Removes the unfinished run's directory, if it was made.
   *
   * @return what became of it, as the end of a sentence: "" if there was none
   */
  private synchronized String removeRun() {
    if (runDirectory == null || completed) {
      return "";
    }
    try {
      deleteTree(runDirectory);
      return "; its partial run directory " + runDirectory + " was removed";
    } catch (IOException | UncheckedIOException e) {
      return "; its partial run directory " + runDirectory + " was kept: it could not be "
          + "removed";
    }
  }

  /** Removes completed run directories, oldest first, until {@code keepRuns} remain. */
  private void removeOldRuns() {
    List<Path> done = new ArrayList<>();
    try (Stream<Path> runs = Files.list(resultsDirectory.resolve(RUNS))) {
      runs.filter(run -> RunId.isRunId(run.getFileName().toString())
              && Files.isRegularFile(run.resolve(ResultsFile.FILE_NAME)))
          .sorted()
          .forEach(done::add);
    } catch (IOException | UncheckedIOException e) {
      warn("cannot list the run directories in " + resultsDirectory.resolve(RUNS));
      return;
    }
    for (Path old : done.subList(0, Math.max(0, done.size() - keepRuns))) {
      try {
        deleteTree(old);
      } catch (IOException | UncheckedIOException e) {
        warn("cannot remove the old run directory " + old);
      }
    }
  }

  private void warn(String message) {
    err.println("music-analytics run: warning: " + message);
    err.flush();
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> tree = Files.walk(directory)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Creates and removes a file in {@code directory}: the final rename needs to write it. */
  private static void checkWritable(Path directory) throws IOException {
    Path probe = directory.resolve(".write-check-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
        .close();
    Files.delete(probe);
  }
}
