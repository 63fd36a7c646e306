package org.musicanalytics.client.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.CliRun;

class EvaluateCommandTest {

  /**
   * A toy split with --test-days 1: the past is Nov 1-3, the future Nov 4.
   * <pre>
   * past   U1: A-S1 x3, A-S2      U2: A-S1 x2, B-S3 x2      U3: B-S3, B-S4
   *        chart: A - S1 (5), B - S3 (3), A - S2 (1), B - S4 (1)
   * future U1: B-S3 (new), A-S1   U2: A-S2 (new)   U3: B-S3 (played before)   U4: A-S1
   * </pre>
   * Only U1 (relevant B - S3) and U2 (relevant A - S2) count: U3 has nothing new, U4 no
   * past.
   */
  private static final String TOY = """
      user_id,song_id,artist,duration,timestamp,genre
      U1,S1,A,200,2025-11-01T10:00:00,Pop
      U1,S1,A,200,2025-11-01T11:00:00,Pop
      U1,S1,A,200,2025-11-02T10:00:00,Pop
      U1,S2,A,200,2025-11-03T10:00:00,Pop
      U2,S1,A,200,2025-11-01T10:00:00,Pop
      U2,S1,A,200,2025-11-02T10:00:00,Pop
      U2,S3,B,200,2025-11-02T12:00:00,Rock
      U2,S3,B,200,2025-11-03T12:00:00,Rock
      U3,S3,B,200,2025-11-01T09:00:00,Rock
      U3,S4,B,200,2025-11-03T09:00:00,Rock
      U1,S3,B,200,2025-11-04T10:00:00,Rock
      U1,S1,A,200,2025-11-04T11:00:00,Pop
      U2,S2,A,200,2025-11-04T10:00:00,Pop
      U3,S3,B,200,2025-11-04T10:00:00,Rock
      U4,S1,A,200,2025-11-04T10:00:00,Pop
      """;

  @TempDir
  Path directory;

  @Test
  void shouldScoreTheToySplitAsWorkedByHand() throws IOException {
    Path input = write(TOY);
    Path results = directory.resolve("results");
    CliRun run = CliRun.run("evaluate", "--input", input.toString(), "--test-days", "1",
        "--k", "2", "--results", results.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Trained on 2025-11-01 to 2025-11-03 (10 plays), tested on "
        + "2025-11-04 to 2025-11-04 (5 plays); 2 users evaluated, k = 2");

    JsonObject document = JsonParser.parseString(
        Files.readString(results.resolve(EvaluateCommand.FILE_NAME))).getAsJsonObject();
    assertThat(document.get("users_evaluated").getAsInt()).isEqualTo(2);
    assertThat(document.get("catalogue_songs").getAsInt()).isEqualTo(4);
    // Popularity, unplayed: U1 gets B - S3, B - S4 (hit at rank 1); U2 A - S2, B - S4 (hit
    // at rank 1). Recent popularity counts the same days here.
    for (String name : new String[] {"popularity", "recent-popularity"}) {
      JsonObject scores = recommender(document, name);
      assertThat(scores.get("hit_rate").getAsDouble()).isEqualTo(1);
      assertThat(scores.get("ndcg").getAsDouble()).isCloseTo(1, within(1e-12));
      assertThat(scores.get("precision").getAsDouble()).isEqualTo(0.5);
      assertThat(scores.get("recall").getAsDouble()).isEqualTo(1);
      assertThat(scores.get("coverage").getAsDouble()).isEqualTo(0.75);
    }
    // The old rule: the chart minus the top artist. U1's is A: B - S3, B - S4, a hit at
    // rank 1. U2's is A too (2 plays each, ties by name): the same list, a miss.
    JsonObject oldRule = recommender(document, "top-artist-filter");
    assertThat(oldRule.get("hit_rate").getAsDouble()).isEqualTo(0.5);
    assertThat(oldRule.get("ndcg").getAsDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(oldRule.get("precision").getAsDouble()).isEqualTo(0.25);
    assertThat(oldRule.get("recall").getAsDouble()).isEqualTo(0.5);
    assertThat(oldRule.get("coverage").getAsDouble()).isEqualTo(0.5);
  }

  /**
   * Item-kNN on the toy split, by hand with the default log weights (16, 27 and 34 for 1, 2
   * and 3 plays) and shrinkage 10 single plays (2,560 in weights squared). Co-listened
   * pairs: S1-S2 (U1: 34 x 16), S1-S3 (U2: 27 x 27), S3-S4 (U3: 16 x 16). U1 (S1, S2)
   * reaches only B - S3, through S1; the list is filled from the recent ranking with
   * B - S4: a hit at rank 1. U2 (S1, S3) reaches A - S2 through S1,
   * 544 / (16 sqrt(1885) + 2560) x 27/16 = 0.282, and B - S4 through S3,
   * 256 / (16 sqrt(985) + 2560) x 27/16 = 0.141: A - S2 first, a hit at rank 1.
   */
  @Test
  void shouldScoreItemKnnOnTheToySplitAsWorkedByHand() throws IOException {
    Path input = write(TOY);
    Path results = directory.resolve("results");
    CliRun run = CliRun.run("evaluate", "--input", input.toString(), "--test-days", "1",
        "--k", "2", "--results", results.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("| item-knn ");
    JsonObject document = JsonParser.parseString(
        Files.readString(results.resolve(EvaluateCommand.FILE_NAME))).getAsJsonObject();
    JsonObject itemKnn = recommender(document, "item-knn");
    assertThat(itemKnn.get("hit_rate").getAsDouble()).isEqualTo(1);
    assertThat(itemKnn.get("ndcg").getAsDouble()).isCloseTo(1, within(1e-12));
    assertThat(itemKnn.get("precision").getAsDouble()).isEqualTo(0.5);
    assertThat(itemKnn.get("recall").getAsDouble()).isEqualTo(1);
    // B - S3, B - S4 and A - S2 of the 4 songs.
    assertThat(itemKnn.get("coverage").getAsDouble()).isEqualTo(0.75);
  }

  @Test
  void shouldPrintTheJsonWithJson() throws IOException {
    Path input = write(TOY);
    CliRun run = CliRun.run("evaluate", "--input", input.toString(), "--test-days", "1",
        "--json", "--results", directory.resolve("r").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonObject document = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(document.get("k").getAsInt()).isEqualTo(10);
    assertThat(document.getAsJsonObject("test").get("first_day").getAsString())
        .isEqualTo("2025-11-04");
  }

  @Test
  void shouldRejectAnInputWithoutDates() throws IOException {
    Path input = write("""
        user_id,song_id,artist,duration,timestamp,genre
        U1,S1,A,200,yesterday,Pop
        U2,S1,A,200,,Pop
        """);
    CliRun run = CliRun.run("evaluate", "--input", input.toString(), "--results",
        directory.resolve("r").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("music-analytics evaluate: no play in " + input
        + " has a timestamp with a date (yyyy-MM-dd...): nothing to split by time");
    assertThat(directory.resolve("r")).doesNotExist();
  }

  @Test
  void shouldRejectAnInputNoLongerThanTheTestDays() throws IOException {
    Path input = write(TOY);
    CliRun run = CliRun.run("evaluate", "--input", input.toString(), "--test-days", "4",
        "--results", directory.resolve("r").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("music-analytics evaluate: " + input + " spans 4 "
        + "days (2025-11-01 to 2025-11-04), not more than --test-days 4: no past is left to "
        + "train on");
  }

  @Test
  void shouldRejectTestDaysAndKBelowOneAsUsageErrors() throws IOException {
    Path input = write(TOY);
    CliRun run = CliRun.run("evaluate", "--input", input.toString(), "--test-days", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--test-days must be 1 or more, was 0").hasLineCount(1);
    run = CliRun.run("evaluate", "--input", input.toString(), "--k", "-1");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--k must be 1 or more, was -1");
  }

  @Test
  void shouldNameAMissingInput() {
    Path missing = directory.resolve("missing.csv");
    CliRun run = CliRun.run("evaluate", "--input", missing.toString(), "--results",
        directory.resolve("r").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("music-analytics evaluate: ").contains("missing.csv")
        .hasLineCount(1);
  }

  private Path write(String csv) throws IOException {
    Path file = directory.resolve("plays.csv");
    Files.writeString(file, csv);
    return file;
  }

  private static JsonObject recommender(JsonObject document, String name) {
    JsonArray rows = document.getAsJsonArray("recommenders");
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.get(i).getAsJsonObject();
      if (row.get("recommender").getAsString().equals(name)) {
        return row;
      }
    }
    throw new AssertionError("no recommender " + name + " in " + document);
  }
}
