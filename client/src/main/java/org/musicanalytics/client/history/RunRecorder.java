package org.musicanalytics.client.history;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.history.HistoryException;
import org.musicanalytics.history.HistoryLocation;
import org.musicanalytics.history.HistoryStore;
import org.musicanalytics.history.PendingRun;
import org.musicanalytics.history.RunRecord;

/**
 * Records a completed run in the history: the results file's content, with every song's
 * plays (the file lists the top ten). The store is opened on a thread of its own while
 * the run's record is made, and the rows written on it while the results file and report
 * page are, in one transaction committed only once they are: a run whose results fail, or
 * that is stopped, leaves nothing in the history.
 */
public final class RunRecorder {

  /** The exit code of a run whose results are written but whose recording failed. */
  public static final int HISTORY_FAILED = 3;

  /** How long a stop from outside waits for rows being written before it drops them. */
  private static final long STOP_WAIT_SECONDS = 20;

  private RunRecorder() {}

  /**
   * Starts loading, on a daemon thread, what recording in the store at {@code storeUrl}
   * needs, touching no store ({@link HistoryStore#warmUp}); null: no history, nothing to do.
   */
  public static void warmUp(String storeUrl) {
    if (storeUrl != null) {
      Thread warming = new Thread(() -> HistoryStore.warmUp(storeUrl),
          "music-analytics-history-warm-up");
      warming.setDaemon(true);
      warming.start();
    }
  }

  /**
   * What the history keeps of the run whose results file holds {@code resultsJson}: its
   * id is the file's {@code run_id}, else one made from the results
   * ({@code RunIds.forResults}), and its songs are every song of {@code result}.
   */
  public static RunRecord runRecord(String resultsJson, PipelineResult result) {
    return RunRecord.fromResults(resultsJson)
        .withSongs(allSongs(result.playCounts().getPlayCountsMap()));
  }

  /**
   * Starts writing {@code run} to the store at {@code storeUrl} (null: no history, a
   * recording that records nothing); {@link Recording#commit} keeps it.
   */
  public static Recording start(String storeUrl, RunRecord run) {
    Recording recording = open(storeUrl);
    recording.write(run);
    return recording;
  }

  /**
   * Starts opening the store at {@code storeUrl} (null: no history, a recording that
   * records nothing) for a run that {@link Recording#write} hands over once it is made: so
   * that the store is opened and migrated while the run's record is.
   */
  public static Recording open(String storeUrl) {
    return new Recording(storeUrl);
  }

  /**
   * A run being written to the history: kept by {@link #commit}, dropped by {@link #close}
   * without it or by a stop from outside (a shutdown hook), which also removes a SQLite
   * file that this recording created.
   */
  public static final class Recording implements AutoCloseable {

    /** The run to write; null if it is dropped before it was handed over. */
    private final CompletableFuture<RunRecord> run = new CompletableFuture<>();
    private final CompletableFuture<PendingRun> writing = new CompletableFuture<>();
    private final Thread onStop;
    /** The SQLite file this recording creates, if it does; null otherwise. */
    private final Path created;
    /** Guarded by this: whether the run was committed, or dropped. */
    private boolean ended;

    private Recording(String storeUrl) {
      if (storeUrl == null) {
        writing.complete(null);
        onStop = null;
        created = null;
        return;
      }
      Optional<Path> file = HistoryLocation.sqliteFile(storeUrl);
      created = file.isPresent() && !Files.exists(file.get()) ? file.get() : null;
      Thread writer = new Thread(() -> {
        try {
          HistoryStore store = HistoryStore.open(storeUrl);
          RunRecord handedOver = run.join();
          writing.complete(handedOver == null ? null : store.write(handedOver));
        } catch (RuntimeException | Error e) {
          writing.completeExceptionally(e);
        }
      }, "music-analytics-history-writer");
      writer.setDaemon(true);
      onStop = new Thread(this::stopped, "music-analytics-history-stopped");
      Runtime.getRuntime().addShutdownHook(onStop);
      writer.start();
    }

    /** Hands over the run to write, once; its rows are written on the recording's thread. */
    public void write(RunRecord record) {
      if (!run.complete(record)) {
        throw new IllegalStateException("the run was handed over or dropped already");
      }
    }

    /**
     * Waits for the rows and commits them.
     *
     * @param err where a failure is reported, in one line naming the store and the cause
     * @return 0, or {@link #HISTORY_FAILED}
     */
    public int commit(PrintWriter err) {
      if (!run.isDone()) {
        throw new IllegalStateException("no run was handed over to commit");
      }
      try {
        PendingRun pending = written();
        synchronized (this) {
          if (ended) {
            // Stopped from outside meanwhile: the hook dropped the run.
            return HISTORY_FAILED;
          }
          ended = true;
          if (pending != null) {
            try (pending) {
              pending.commit();
            }
          }
        }
        return 0;
      } catch (HistoryException e) {
        err.println("music-analytics run: results written, but not recorded: "
            + e.getMessage());
        err.flush();
        return HISTORY_FAILED;
      } finally {
        removeHook();
      }
    }

    /** Drops the run unless it was committed. */
    @Override
    public void close() {
      drop(Long.MAX_VALUE);
      removeHook();
    }

    private PendingRun written() {
      try {
        return writing.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while recording the run", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        throw (Error) e.getCause();
      }
    }

    /** The shutdown hook: a run not committed yet is dropped. */
    private void stopped() {
      drop(TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS));
    }

    private synchronized void drop(long waitNanos) {
      if (ended) {
        return;
      }
      ended = true;
      // A run not handed over yet will not be: the writer stops once the store is open.
      run.complete(null);
      try {
        PendingRun pending = writing.get(waitNanos, TimeUnit.NANOSECONDS);
        if (pending != null) {
          pending.close();
        }
      } catch (ExecutionException | HistoryException e) {
        // Nothing of the run was kept.
      } catch (TimeoutException e) {
        // Still writing as the process ends: the transaction ends with it, uncommitted.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (created != null) {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
          try {
            Files.deleteIfExists(Path.of(created + suffix));
          } catch (IOException e) {
            // Left behind empty; the next run migrates it as it is.
          }
        }
      }
    }

    private void removeHook() {
      if (onStop == null) {
        return;
      }
      try {
        Runtime.getRuntime().removeShutdownHook(onStop);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run.
      }
    }
  }

  private static List<RunRecord.SongPlays> allSongs(Map<String, Long> plays) {
    List<RunRecord.SongPlays> songs = new ArrayList<>(plays.size());
    for (String key : Ranking.rank(plays)) {
      songs.add(new RunRecord.SongPlays(key, plays.get(key)));
    }
    return songs;
  }
}
