package org.musicanalytics.history;

import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * A run written to the store in a transaction not yet committed: {@link #commit} keeps it,
 * {@link #close} without a commit drops every row of it. Not thread-safe: one thread at a
 * time, handed over with a happens-before (a future, a join).
 */
public final class PendingRun implements AutoCloseable {

  private final String shown;
  private final String runId;
  private final Handle handle;
  private final boolean written;
  private boolean ended;

  PendingRun(String shown, String runId, Handle handle, boolean written) {
    this.shown = shown;
    this.runId = runId;
    this.handle = handle;
    this.written = written;
  }

  /**
   * Commits the run.
   *
   * @return true if recorded now, false if a run of that id was recorded already
   * @throws HistoryException if the store cannot commit; nothing of the run is kept
   */
  public boolean commit() {
    end("recording run " + runId, Handle::commit);
    return written;
  }

  /** Drops the run unless it was committed, and gives the connection back. */
  @Override
  public void close() {
    if (!ended) {
      end("dropping run " + runId, Handle::rollback);
    }
  }

  private void end(String doing, Consumer<Handle> how) {
    if (ended) {
      throw new IllegalStateException("run " + runId + " was committed or dropped already");
    }
    ended = true;
    try (handle) {
      how.accept(handle);
    } catch (RuntimeException e) {
      throw new HistoryException(shown, doing, e);
    }
  }
}
