package org.musicanalytics.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.musicanalytics.history.internal.RunWriter;

/** Recording and reading back, on a real SQLite file and on a real PostgreSQL server. */
class HistoryStoreTest {

  @TempDir
  Path directory;

  /** Runs {@code test} against a fresh store of {@code kind}. */
  private void withStore(String kind, StoreTest test) throws Exception {
    withUrl(kind, url -> test.run(HistoryStore.open(url)));
  }

  /** Runs {@code test} against the URL of a fresh, empty store of {@code kind}. */
  private void withUrl(String kind, UrlTest test) throws Exception {
    if (kind.equals("sqlite")) {
      test.run(Stores.sqlite(directory));
      return;
    }
    try (Stores.PostgresSchema schema = Stores.PostgresSchema.create()) {
      test.run(schema.url());
    }
  }

  @FunctionalInterface
  private interface UrlTest {
    void run(String url) throws Exception;
  }

  @FunctionalInterface
  private interface StoreTest {
    void run(HistoryStore store) throws Exception;
  }

  private static void assertReadBack(HistoryStore store, RunRecord run) {
    RunSummary summary = store.run(run.runId()).orElseThrow();
    assertThat(summary.computedAt()).isEqualTo(run.computedAt());
    assertThat(summary.target()).isEqualTo(run.target());
    assertThat(summary.inputPath()).isEqualTo(run.input().path());
    assertThat(summary.recordsRead()).isEqualTo(run.input().recordsRead());
    assertThat(summary.rowsRejected()).isEqualTo(run.input().rowsRejected());
    assertThat(summary.seconds()).isEqualTo(run.seconds());
    assertThat(summary.recordShards()).isEqualTo(run.recordShards());
    assertThat(summary.userShards()).isEqualTo(run.userShards());
    assertThat(summary.songCount()).isEqualTo(run.songs().size());
    assertThat(summary.userCount()).isEqualTo(run.users().size());
    assertThat(store.songs(run.runId(), 0, Integer.MAX_VALUE)).isEqualTo(run.songs());
    assertThat(store.users(run.runId(), 0, Integer.MAX_VALUE)).isEqualTo(run.users());
    assertThat(store.genres(run.runId())).containsExactlyEntriesOf(run.genres());
    assertThat(store.playsPerDay(run.runId())).containsExactlyEntriesOf(run.playsPerDay());
    assertThat(store.topUsers(run.runId())).isEqualTo(run.topUsers());
    assertThat(store.trending(run.runId())).isEqualTo(run.trending());
    // One query per user: every user of a small run, a spread of a large one's.
    int step = Math.max(1, run.users().size() / 200);
    for (int i = 0; i < run.users().size(); i += step) {
      String user = run.users().get(i).userId();
      assertThat(store.recommendations(run.runId(), user))
          .isEqualTo(run.recommendations().get(user));
    }
    assertThat(store.resultsJson(run.runId())).contains(run.resultsJson());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void shouldRecordEveryPartOfARunAndReadItBack(String kind) throws Exception {
    withStore(kind, store -> {
      RunRecord run = Runs.run("20261203T114512.345Z-3fa9c1",
          Instant.parse("2026-12-03T11:45:12.345Z"), 40, 60, 1);

      assertThat(store.record(run)).isTrue();

      assertReadBack(store, run);
      assertThat(store.songs(run.runId(), 10, 5)).isEqualTo(run.songs().subList(10, 15));
      assertThat(store.users(run.runId(), 35, 10)).isEqualTo(run.users().subList(35, 40));
      assertThat(store.user(run.runId(), "U7")).contains(run.users().get(7));
      assertThat(store.run("no-such-run")).isEmpty();
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void shouldNotDuplicateARunRecordedTwice(String kind) throws Exception {
    withStore(kind, store -> {
      RunRecord run = Runs.run("20261203T120000.000Z-000001",
          Instant.parse("2026-12-03T12:00:00Z"), 5, 20, 2);

      assertThat(store.record(run)).isTrue();
      assertThat(store.record(run)).isFalse();

      assertThat(store.runCount()).isOne();
      assertReadBack(store, run);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void shouldKeepRunsRecordedBeforeTheResultsTablesLostTheirForeignKeys(String kind)
      throws Exception {
    withUrl(kind, url -> {
      RunRecord before = Runs.run("20261203T110000.000Z-0000v1",
          Instant.parse("2026-12-03T11:00:00Z"), 30, 50, 8);
      RunRecord after = Runs.run("20261203T110100.000Z-0000v2",
          Instant.parse("2026-12-03T11:01:00Z"), 20, 40, 9);
      Flyway.configure().dataSource(url, null, null).locations("classpath:db/history")
          .target("1").load().migrate();
      Jdbi.create(url).useTransaction(handle -> RunWriter.write(handle, before,
          Instant.parse("2026-12-03T11:00:05Z")));

      HistoryStore store = HistoryStore.open(url);

      assertReadBack(store, before);
      assertThat(store.record(before)).isFalse();
      assertThat(store.record(after)).isTrue();
      assertThat(store.runCount()).isEqualTo(2);
      assertReadBack(store, after);
      assertThat(store.songs(before.runId(), 0, Integer.MAX_VALUE)).isEqualTo(before.songs());
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void shouldKeepTextThatHoldsTabsNewlinesBackslashesAndNonAsciiAsItWas(String kind)
      throws Exception {
    withStore(kind, store -> {
      RunRecord plain = Runs.run("20261203T113000.000Z-0e5c0e",
          Instant.parse("2026-12-03T11:30:00Z"), 3, 4, 5);
      List<String> awkward = List.of("Tab\tArtist - S1", "New\nLine\r\nArtist - S2",
          "Back\\slash \\N \\t - S3", "Beyonc\u00e9 \u97f3\u697d \ud83c\udfb5 - S4");
      List<RunRecord.SongPlays> songs = List.of(new RunRecord.SongPlays(awkward.get(0), 9),
          new RunRecord.SongPlays(awkward.get(1), 8), new RunRecord.SongPlays(awkward.get(2), 7),
          new RunRecord.SongPlays(awkward.get(3), 6));
      RunRecord run = new RunRecord(plain.runId(), plain.computedAt(), plain.target(),
          plain.workflow(), plain.input(), plain.seconds(), plain.recordShards(),
          plain.userShards(), songs, Map.of("Genre\twith tab", 3L),
          List.of(new RunRecord.UserTotal("U\\1", 10, awkward.get(1))), List.of("U\\1"),
          awkward, Map.of("U\\1", awkward), plain.playsPerDay(),
          plain.resultsJson());

      assertThat(store.record(run)).isTrue();

      assertReadBack(store, run);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void shouldKeepNothingOfARunWrittenButNotCommitted(String kind) throws Exception {
    withStore(kind, store -> {
      RunRecord dropped = Runs.run("20261203T113500.000Z-d00d00",
          Instant.parse("2026-12-03T11:35:00Z"), 50, 80, 6);
      RunRecord kept = Runs.run("20261203T113600.000Z-c0ffee",
          Instant.parse("2026-12-03T11:36:00Z"), 50, 80, 7);

      try (PendingRun pending = store.write(dropped)) {
        assertThat(store.runCount()).as("not seen before the commit").isZero();
      }
      try (PendingRun pending = store.write(kept)) {
        assertThat(pending.commit()).isTrue();
      }

      assertThat(store.runCount()).isOne();
      assertThat(store.run(dropped.runId())).isEmpty();
      assertThat(store.songs(dropped.runId(), 0, 10)).isEmpty();
      assertThat(store.users(dropped.runId(), 0, 10)).isEmpty();
      assertThat(store.recommendations(dropped.runId(), "U1")).isEmpty();
      assertReadBack(store, kept);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void shouldRecordAndReadBackAHundredThousandUserRun(String kind) throws Exception {
    withStore(kind, store -> {
      RunRecord run = Runs.run("20261203T121500.000Z-abcdef",
          Instant.parse("2026-12-03T12:15:00Z"), 100_000, 20_000, 3);

      assertThat(store.record(run)).isTrue();

      assertReadBack(store, run);
      assertThat(store.listening(run.runId())).containsExactly(
          run.users().stream().mapToLong(RunRecord.UserTotal::totalTime).sum(), 100_000);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void shouldListRunsNewestFirstAndCompareTwo(String kind) throws Exception {
    withStore(kind, store -> {
      RunRecord older = Runs.run("20261201T000000.000Z-000001",
          Instant.parse("2026-12-01T00:00:00Z"), 10, 30, 4);
      RunRecord newer = Runs.run("20261202T000000.000Z-000002",
          Instant.parse("2026-12-02T00:00:00Z"), 12, 30, 5);
      store.record(older);
      store.record(newer);

      assertThat(store.runs(0, 10)).extracting(RunSummary::runId)
          .containsExactly(newer.runId(), older.runId());
      assertThat(store.latest()).map(RunSummary::runId).contains(newer.runId());

      RunComparison comparison = RunComparison.of(store, older.runId(), newer.runId());
      for (RunComparison.SongChange song : comparison.songs()) {
        int olderRank = rank(older.songs(), song.key());
        int newerRank = rank(newer.songs(), song.key());
        assertThat(song.fromRank()).isEqualTo(olderRank < 0 ? null : (long) olderRank + 1);
        assertThat(song.toRank()).isEqualTo(newerRank < 0 ? null : (long) newerRank + 1);
        boolean inNewTop = newerRank >= 0 && newerRank < RunComparison.TOP;
        boolean inOldTop = olderRank >= 0 && olderRank < RunComparison.TOP;
        assertThat(song.movement()).isEqualTo(!inNewTop ? "left" : !inOldTop ? "new"
            : newerRank < olderRank ? "rose" : newerRank > olderRank ? "fell" : "same");
      }
      double oldPop = 100.0 * older.genres().get("Pop")
          / older.genres().values().stream().mapToLong(Long::longValue).sum();
      assertThat(comparison.genreShares().get("Pop").fromShare()).isCloseTo(oldPop,
          org.assertj.core.data.Offset.offset(1e-9));
      assertThat(comparison.listening().fromUsers()).isEqualTo(10);
      assertThat(comparison.listening().toUsers()).isEqualTo(12);
      assertThat(comparison.listening().usersOnlyInTo()).isEqualTo(2);
      assertThat(comparison.listening().usersOnlyInFrom()).isZero();
      assertThatThrownBy(() -> RunComparison.of(store, older.runId(), "nope"))
          .hasMessage("no run nope in the history");
    });
  }

  private static int rank(List<RunRecord.SongPlays> songs, String key) {
    for (int i = 0; i < songs.size(); i++) {
      if (songs.get(i).key().equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void shouldNameTheStoreAndTheCauseWhenItCannotBeReached() {
    String url = "jdbc:postgresql://127.0.0.1:1/nowhere?user=someone&password=secret";

    assertThatThrownBy(() -> HistoryStore.open(url))
        .isInstanceOf(HistoryException.class)
        .hasMessageStartingWith("history store jdbc:postgresql://127.0.0.1:1/nowhere: opening "
            + "failed: ")
        .hasMessageNotContaining("secret")
        .satisfies(e -> assertThat(Stream.of(e.getMessage().split("\n"))).hasSize(1));
  }
}
