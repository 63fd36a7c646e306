package org.musicanalytics.client.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.generate.internal.Catalog;
import org.musicanalytics.client.generate.internal.DatasetShape;
import org.musicanalytics.client.generate.internal.TasteModel;
import org.musicanalytics.csv.InputSummary;
import org.musicanalytics.csv.StreamCsvReader;
import org.musicanalytics.proto.StreamRecord;

/** {@code generate --taste}: the structure its plays must have, read back from the CSV. */
class TasteListeningTest {

  private static final int RECORDS = 60_000;
  private static final int DAYS = 28;
  private static final String START = "2025-11-05";

  @TempDir
  static Path shared;

  private static List<StreamRecord> taste;
  private static List<StreamRecord> unstructured;
  private static InputSummary summary;
  private static byte[] bytes;

  @BeforeAll
  static void generateOnce() throws Exception {
    Path file = shared.resolve("taste.csv");
    GenerateRun run = GenerateRun.run("--taste", "--records", "" + RECORDS, "--seed", "7",
        "--days", "" + DAYS, "--start", START, "--out", file.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("Wrote " + RECORDS + " taste plays");
    taste = new ArrayList<>();
    summary = StreamCsvReader.strict().read(file, taste::add);
    bytes = Files.readAllBytes(file);

    Path plain = shared.resolve("plain.csv");
    run = GenerateRun.run("--records", "" + RECORDS, "--seed", "7", "--days", "" + DAYS,
        "--start", START, "--out", plain.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    unstructured = new ArrayList<>();
    StreamCsvReader.strict().read(plain, unstructured::add);
  }

  @Test
  void shouldWriteRowsTheReaderAcceptsWithinTheSpan() {
    assertThat(summary.recordsRead()).isEqualTo(RECORDS);
    assertThat(summary.rowsRejected()).isZero();
    LocalDateTime start = LocalDate.parse(START).atStartOfDay();
    for (StreamRecord play : taste) {
      LocalDateTime time = LocalDateTime.parse(play.getTimestamp());
      assertThat(time).isAfterOrEqualTo(start).isBefore(start.plusDays(DAYS));
    }
  }

  @Test
  void shouldWriteTheSameBytesForTheSameSeedAndOtherBytesForAnother() {
    GenerateRun again = GenerateRun.run("--taste", "--records", "" + RECORDS, "--seed", "7",
        "--days", "" + DAYS, "--start", START, "--out", "-");
    assertThat(again.standardOutput()).isEqualTo(bytes);
    GenerateRun other = GenerateRun.run("--taste", "--records", "" + RECORDS, "--seed", "8",
        "--days", "" + DAYS, "--start", START, "--out", "-");
    assertThat(other.standardOutput()).isNotEqualTo(bytes);
  }

  @Test
  void shouldConcentrateAUsersPlaysOnTheirGenres() {
    // The share of an active user's plays in their three most played genres: nearly all
    // with tastes; without, what the big genres' shares give.
    assertThat(topGenresShare(taste)).isGreaterThan(0.9)
        .isGreaterThan(topGenresShare(unstructured) + 0.1);
  }

  @Test
  void shouldReplaySongs() {
    // Without tastes a small catalogue's hits are replayed too, but less.
    assertThat(replayShare(taste)).isGreaterThan(0.6)
        .isGreaterThan(replayShare(unstructured) + 0.1);
  }

  @Test
  void shouldKeepASessionsSongsRelated() {
    // Consecutive rows of one user are a session: same genre, mostly the same or a related
    // artist (the chart's one play in twenty may break it).
    int pairs = 0;
    int sameGenre = 0;
    for (int i = 1; i < taste.size(); i++) {
      StreamRecord before = taste.get(i - 1);
      StreamRecord play = taste.get(i);
      if (before.getUserId().equals(play.getUserId())) {
        pairs++;
        if (before.getGenre().equals(play.getGenre())) {
          sameGenre++;
        }
      }
    }
    assertThat(pairs).isGreaterThan(RECORDS * 3 / 4);
    assertThat((double) sameGenre / pairs).isGreaterThan(0.8);
  }

  @Test
  void shouldPlayNoSongBeforeItsReleaseAndNewReleasesSoonAfter() {
    DatasetShape shape = new DatasetShape(RECORDS, 7, DatasetShape.defaultUsers(RECORDS),
        DatasetShape.defaultSongs(RECORDS), DAYS, LocalDate.parse(START));
    TasteModel model = TasteModel.create(Catalog.create(shape), shape);
    LocalDate start = LocalDate.parse(START);
    Map<Integer, int[]> playsByAge = new HashMap<>();
    int released = 0;
    for (StreamRecord play : taste) {
      int song = Integer.parseInt(play.getSongId().substring(1)) - 1;
      int day = (int) (LocalDate.parse(play.getTimestamp().substring(0, 10)).toEpochDay()
          - start.toEpochDay());
      int release = model.releaseDay(song);
      assertThat(day).as("day of a play of %s, released on day %d", play.getSongId(), release)
          .isGreaterThanOrEqualTo(release);
      if (release > 0 && release <= DAYS - 14) {
        released++;
        int[] byAge = playsByAge.computeIfAbsent(song, s -> new int[14]);
        if (day - release < 14) {
          byAge[day - release]++;
        }
      }
    }
    assertThat(released).isGreaterThan(RECORDS / 100);
    // Songs released during the span: more plays in their first week than their second.
    long firstWeek = playsByAge.values().stream()
        .mapToLong(a -> a[0] + a[1] + a[2] + a[3] + a[4] + a[5] + a[6]).sum();
    long secondWeek = playsByAge.values().stream()
        .mapToLong(a -> a[7] + a[8] + a[9] + a[10] + a[11] + a[12] + a[13]).sum();
    assertThat(firstWeek).isGreaterThan(secondWeek * 3 / 2);
  }

  /** Over users with 50 plays or more, the share of their plays in their top 3 genres. */
  private static double topGenresShare(List<StreamRecord> plays) {
    Map<String, Map<String, Integer>> genresByUser = new HashMap<>();
    for (StreamRecord play : plays) {
      genresByUser.computeIfAbsent(play.getUserId(), u -> new HashMap<>())
          .merge(play.getGenre(), 1, Integer::sum);
    }
    long inTop = 0;
    long total = 0;
    for (Map<String, Integer> genres : genresByUser.values()) {
      int userPlays = genres.values().stream().mapToInt(Integer::intValue).sum();
      if (userPlays >= 50) {
        total += userPlays;
        inTop += genres.values().stream().sorted(Comparator.reverseOrder()).limit(3)
            .mapToInt(Integer::intValue).sum();
      }
    }
    return (double) inTop / total;
  }

  /** The share of plays of a song the user had played before. */
  private static double replayShare(List<StreamRecord> plays) {
    Set<String> heard = new HashSet<>();
    long replays = 0;
    for (StreamRecord play : plays) {
      if (!heard.add(play.getUserId() + "\n" + play.getSongId())) {
        replays++;
      }
    }
    return (double) replays / plays.size();
  }
}
