package org.musicanalytics.client.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.history.HistoryStore;
import org.musicanalytics.history.RunRecord;

/**
 * A run's recording while its results are written: kept by a commit, dropped otherwise,
 * with nothing left of a store it created.
 */
class RunRecorderTest {

  @TempDir
  Path directory;

  private static RunRecord run(String runId) {
    return new RunRecord(runId, "2026-12-03T12:00:00Z", "embedded", "grpc",
        new RunRecord.Input("/data/plays.csv", 120L, "2026-12-03T11:00:00Z", "0a1b2c3d", 3, 0),
        new RunRecord.StageSeconds(0.5, 0.25, 0.125, 0.0625, 1.0), 1, 1,
        List.of(new RunRecord.SongPlays("Adele - S1", 2), new RunRecord.SongPlays("Sia - S2", 1)),
        Map.of("Pop", 3L), List.of(new RunRecord.UserTotal("U1", 300, "Adele")), List.of("U1"),
        List.of("Adele - S1"), Map.of("U1", List.of("Sia - S2")), Map.of("2026-12-01", 3L),
        "{\"run_id\":\"" + runId + "\"}");
  }

  private String store() {
    return "jdbc:sqlite:" + directory.resolve("history.db");
  }

  @Test
  void shouldKeepTheRunWhenCommitted() {
    StringWriter err = new StringWriter();
    try (RunRecorder.Recording recording = RunRecorder.start(store(), run("run-kept"))) {
      assertThat(recording.commit(new PrintWriter(err))).isZero();
    }

    assertThat(err.toString()).isEmpty();
    HistoryStore store = HistoryStore.open(store());
    assertThat(store.run("run-kept")).isPresent();
    assertThat(store.songs("run-kept", 0, 10)).hasSize(2);
  }

  @Test
  void shouldLeaveNoStoreItCreatedWhenTheRunIsNotCommitted() throws IOException {
    try (RunRecorder.Recording recording = RunRecorder.start(store(), run("run-dropped"))) {
      // The results failed: no commit.
    }

    try (Stream<Path> left = Files.list(directory)) {
      assertThat(left).as("no history.db, -wal or -shm").isEmpty();
    }
  }

  @Test
  void shouldKeepARunHandedOverOnceTheStoreIsBeingOpened() {
    StringWriter err = new StringWriter();
    try (RunRecorder.Recording recording = RunRecorder.open(store())) {
      recording.write(run("run-later"));
      assertThat(recording.commit(new PrintWriter(err))).isZero();
    }

    assertThat(err.toString()).isEmpty();
    assertThat(HistoryStore.open(store()).songs("run-later", 0, 10)).hasSize(2);
  }

  @Test
  void shouldLeaveNoStoreItCreatedWhenNoRunIsHandedOver() throws IOException {
    try (RunRecorder.Recording recording = RunRecorder.open(store())) {
      // Making the run's record failed: no run, no commit.
    }

    try (Stream<Path> left = Files.list(directory)) {
      assertThat(left).as("no history.db, -wal or -shm").isEmpty();
    }
  }

  @Test
  void shouldDropTheRunButKeepAStoreThatWasThere() {
    HistoryStore.open(store()).record(run("run-earlier"));

    try (RunRecorder.Recording recording = RunRecorder.start(store(), run("run-dropped"))) {
      // The results failed: no commit.
    }

    HistoryStore store = HistoryStore.open(store());
    assertThat(store.run("run-earlier")).isPresent();
    assertThat(store.run("run-dropped")).isEmpty();
    assertThat(store.songs("run-dropped", 0, 10)).isEmpty();
  }

  @Test
  void shouldReportAStoreThatCannotBeReachedInOneLine() {
    StringWriter err = new StringWriter();
    String unreachable = "jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=2";

    try (RunRecorder.Recording recording = RunRecorder.start(unreachable, run("run-lost"))) {
      assertThat(recording.commit(new PrintWriter(err))).isEqualTo(RunRecorder.HISTORY_FAILED);
    }

    assertThat(err.toString()).startsWith("music-analytics run: results written, but not "
        + "recorded: history store jdbc:postgresql://127.0.0.1:1/test: ").hasLineCount(1);
  }

  @Test
  void shouldRecordNothingWithoutAStore() {
    StringWriter err = new StringWriter();
    try (RunRecorder.Recording recording = RunRecorder.start(null, run("run-none"))) {
      assertThat(recording.commit(new PrintWriter(err))).isZero();
    }

    assertThat(err.toString()).isEmpty();
    assertThat(directory).isEmptyDirectory();
  }
}
