package org.musicanalytics.client.run.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.musicanalytics.client.output.ResultsException;
import org.musicanalytics.client.output.ResultsFile;
import picocli.CommandLine;

/**
 * The results file of one run from start to end: an earlier one removed when the run
 * starts, the new one put in place whole when it ends, and none left when the run fails
 * or is stopped from outside (Ctrl-C, SIGTERM: a shutdown hook), unless the run had
 * already written it.
 */
public final class ResultsLifecycle implements AutoCloseable {

  private final ResultsFile file;
  private final PrintWriter err;
  private final boolean verbose;
  private final Thread onStop;

  private ResultsLifecycle(ResultsFile file, PrintWriter err, boolean verbose) {
    this.file = file;
    this.err = err;
    this.verbose = verbose;
    this.onStop = new Thread(() -> {
      if (file.abandon()) {
        err.println("music-analytics run: stopped before it finished (interrupted or "
            + "terminated); no results file at " + file.path());
        err.flush();
      }
    }, "music-analytics-run-stopped");
  }

  /**
   * Starts the lifecycle of the results file in {@code directory}: from now on a stop from
   * outside leaves no results file. Failures are reported on {@code err}, with their stack
   * trace when {@code verbose}.
   */
  public static ResultsLifecycle begin(Path directory, PrintWriter err, boolean verbose) {
    ResultsLifecycle results = new ResultsLifecycle(new ResultsFile(directory), err, verbose);
    Runtime.getRuntime().addShutdownHook(results.onStop);
    return results;
  }

  /** The results file. */
  public ResultsFile file() {
    return file;
  }

  /**
   * Removes an earlier run's file and checks that the new one can be written.
   *
   * @throws ResultsException naming the file and why not
   */
  public void prepare() throws ResultsException {
    file.prepare();
  }

  /**
   * Puts the run's results in place, atomically.
   *
   * @throws ResultsException naming the file and why it cannot be written
   */
  public void write(String json) throws ResultsException {
    file.write(json);
  }

  /**
   * Reports a failed run in one line and makes sure no results file remains.
   *
   * @return the run's exit code
   */
  public int fail(Exception e) {
    err.println("music-analytics run: " + e.getMessage());
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    try {
      file.discard();
    } catch (ResultsException cannotRemove) {
      err.println("music-analytics run: " + cannotRemove.getMessage());
      err.flush();
    }
    return CommandLine.ExitCode.SOFTWARE;
  }

  /** Ends the lifecycle: a stop from outside no longer concerns the results file. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(onStop);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: it decided about the results file.
    }
  }
}
