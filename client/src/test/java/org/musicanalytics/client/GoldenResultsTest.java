package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GOLDEN: the repository's sample through the whole pipeline (embedded host, real gRPC)
 * gives the results that a separate, deliberately plain computation over the same file
 * gives. The expected values are derived here from the CSV, never copied from the program.
 * The sample has no quoted fields, so a split on commas reads it.
 */
class GoldenResultsTest {

  /** One play of the sample. */
  private record Play(String user, String song, String artist, int duration, String genre) {
    String key() {
      return artist + " - " + song;
    }
  }

  @TempDir
  static Path directory;

  private static List<Play> plays;
  private static JsonObject results;

  @BeforeAll
  static void runPipelineOnSample() throws Exception {
    Path sample = CliRun.sampleData();
    List<String> lines = Files.readAllLines(sample, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo("user_id,song_id,artist,duration,timestamp,genre");
    plays = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      assertThat(f).as(line).hasSize(6);
      plays.add(new Play(f[0], f[1], f[2], Integer.parseInt(f[3]), f[5]));
    }

    CliRun run = CliRun.run("run", "--quiet", "--input", sample.toString(),
        "--results", directory.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    results = CliRun.readResults(directory);
  }

  /** Count descending, then key ascending: the contract's tie rule for every ranking. */
  private static List<String> ranked(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .sorted((a, b) -> a.getValue().equals(b.getValue())
            ? a.getKey().compareTo(b.getKey())
            : Long.compare(b.getValue(), a.getValue()))
        .map(Map.Entry::getKey)
        .collect(Collectors.toList());
  }

  private static Map<String, Long> playsPerSong() {
    Map<String, Long> counts = new HashMap<>();
    for (Play play : plays) {
      counts.merge(play.key(), 1L, Long::sum);
    }
    return counts;
  }

  private static Map<String, String> topArtistPerUser() {
    Map<String, Map<String, Long>> byUser = new TreeMap<>();
    for (Play play : plays) {
      byUser.computeIfAbsent(play.user(), u -> new HashMap<>()).merge(play.artist(), 1L, Long::sum);
    }
    Map<String, String> top = new TreeMap<>();
    byUser.forEach((user, artists) -> top.put(user, ranked(artists).get(0)));
    return top;
  }

  private static List<String> strings(JsonArray array) {
    List<String> values = new ArrayList<>();
    for (JsonElement element : array) {
      values.add(element.getAsString());
    }
    return values;
  }

  private static Map<String, Long> orderedCounts(JsonObject object) {
    Map<String, Long> counts = new LinkedHashMap<>();
    object.entrySet().forEach(e -> counts.put(e.getKey(), e.getValue().getAsLong()));
    return counts;
  }

  @Test
  void shouldReadEverySampleRow() {
    JsonObject input = results.getAsJsonObject("input");
    assertThat(plays).hasSize(100);
    assertThat(input.get("records_read").getAsLong()).isEqualTo(plays.size());
    assertThat(input.get("rows_rejected").getAsLong()).isZero();
    assertThat(input.get("path").getAsString()).isEqualTo(CliRun.sampleData().toString());
  }

  @Test
  void shouldListTopTenSongsByPlaysThenKey() {
    Map<String, Long> counts = playsPerSong();
    Map<String, Long> expected = new LinkedHashMap<>();
    for (String key : ranked(counts).subList(0, 10)) {
      expected.put(key, counts.get(key));
    }

    Map<String, Long> actual = orderedCounts(
        results.getAsJsonObject("mapreduce_results").getAsJsonObject("top_songs"));

    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  @Test
  void shouldGiveEveryUsersTotalTimeAndTopArtist() {
    Map<String, Long> totals = new TreeMap<>();
    for (Play play : plays) {
      totals.merge(play.user(), (long) play.duration(), Long::sum);
    }
    Map<String, String> topArtist = topArtistPerUser();
    List<String> expected = new ArrayList<>();
    totals.forEach((user, total) -> expected.add(user + "|" + total + "|" + topArtist.get(user)));

    List<String> actual = new ArrayList<>();
    for (JsonElement element : results.getAsJsonObject("userbehavior_results")
        .getAsJsonArray("users")) {
      JsonObject user = element.getAsJsonObject();
      actual.add(user.get("user_id").getAsString() + "|" + user.get("total_time").getAsLong()
          + "|" + user.get("top_artist").getAsString());
    }

    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void shouldRankTopFiveUsersByTotalTimeThenId() {
    Map<String, Long> totals = new HashMap<>();
    for (Play play : plays) {
      totals.merge(play.user(), (long) play.duration(), Long::sum);
    }
    List<String> expected = ranked(totals);
    expected = expected.subList(0, Math.min(5, expected.size()));

    assertThat(strings(results.getAsJsonObject("userbehavior_results")
        .getAsJsonArray("top_users"))).containsExactlyElementsOf(expected);
  }

  @Test
  void shouldCountAndRankEveryGenre() {
    Map<String, Long> counts = new HashMap<>();
    for (Play play : plays) {
      counts.merge(play.genre(), 1L, Long::sum);
    }
    Map<String, Long> expectedCounts = new LinkedHashMap<>();
    for (String genre : ranked(counts)) {
      expectedCounts.put(genre, counts.get(genre));
    }
    JsonObject genres = results.getAsJsonObject("genre_analysis_results");

    assertThat(orderedCounts(genres.getAsJsonObject("genre_counts")))
        .containsExactlyEntriesOf(expectedCounts);
    assertThat(strings(genres.getAsJsonArray("top_genres")))
        .containsExactlyElementsOf(ranked(counts));
  }

  @Test
  void shouldTrendTopFiveSongsAndRecommendSongsNotByTheUsersTopArtist() {
    List<String> ranking = ranked(playsPerSong());
    Map<String, String> artistOfKey = new HashMap<>();
    for (Play play : plays) {
      artistOfKey.put(play.key(), play.artist());
    }
    Map<String, List<String>> expected = new TreeMap<>();
    topArtistPerUser().forEach((user, artist) -> {
      List<String> picks = new ArrayList<>();
      for (String key : ranking) {
        if (picks.size() < 5 && !artistOfKey.get(key).equals(artist)) {
          picks.add(key);
        }
      }
      expected.put(user, picks);
    });
    JsonObject section = results.getAsJsonObject("recommendation_results");

    assertThat(strings(section.getAsJsonArray("trending_songs")))
        .containsExactlyElementsOf(ranking.subList(0, 5));
    Map<String, List<String>> actual = new TreeMap<>();
    section.getAsJsonObject("recommendations").entrySet()
        .forEach(e -> actual.put(e.getKey(), strings(e.getValue().getAsJsonArray())));
    assertThat(actual).isEqualTo(expected);
    // The sample's point: a user whose top artist is in the trending list gets other songs.
    assertThat(expected.values()).allSatisfy(picks -> assertThat(picks).hasSize(5));
  }

  @Test
  void shouldNameTheWorkflowAndTarget() {
    assertThat(results.get("workflow").getAsString()).isEqualTo("grpc");
    assertThat(results.get("target").getAsString()).isEqualTo("embedded");
    assertThat(results.keySet()).containsExactly("run_id", "workflow", "target", "computed_at",
        "performance",
        "mapreduce_results", "userbehavior_results", "genre_analysis_results",
        "recommendation_results", "input");
  }
}
