package org.musicanalytics.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run recorded while another connection reads, as the dashboard does beside a run: on a
 * SQLite file in WAL mode the reader is never blocked and sees each run whole or not at all.
 */
class ConcurrentHistoryTest {

  @TempDir
  Path directory;

  @Test
  void shouldReadWholeRunsWhileAnotherConnectionRecords() throws Exception {
    String url = Stores.sqlite(directory);
    HistoryStore writer = HistoryStore.open(url);
    HistoryStore reader = HistoryStore.open(url);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
      try {
        for (int i = 0; i < 4; i++) {
          writer.record(Runs.run("20261203T12000" + i + ".000Z-00000" + i,
              Instant.parse("2026-12-03T12:00:0" + i + "Z"), 30_000, 5_000, i));
        }
      } finally {
        done.set(true);
      }
    });

    int seen = 0;
    while (!done.get()) {
      for (RunSummary run : reader.runs(0, 10)) {
        // Whole or not at all: every song and user of a listed run is there.
        assertThat(reader.users(run.runId(), 0, Integer.MAX_VALUE)).hasSize(run.userCount());
        assertThat(reader.songs(run.runId(), 0, Integer.MAX_VALUE)).hasSize(run.songCount());
      }
      seen = Math.max(seen, reader.runCount());
      reads.incrementAndGet();
    }
    writing.join();

    assertThat(reads.get()).as("reads during the writes").isGreaterThan(1);
    assertThat(reader.runCount()).isEqualTo(4);
    assertThat(seen).isLessThanOrEqualTo(4);
  }
}
