package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.lambdalocal.RealFunctions;

/**
 * {@code run --recommender item-knn} end to end: the record pass yields the listening, rounds
 * 2 and 3 run on the same target, and every target (in process, the embedded host over
 * loopback gRPC, the real functions behind a local Lambda Invoke API), whatever the shard
 * size and concurrency, writes the same learned recommendations.
 */
class LearnedRecommenderRunTest {

  @TempDir
  static Path shared;

  @TempDir
  Path directory;

  private static Path input;

  @BeforeAll
  static void generate() {
    input = shared.resolve("taste.csv");
    CliRun generated = CliRun.run("generate", "--taste", "--records", "4000", "--days", "14",
        "--seed", "3", "--out", input.toString());
    assertThat(generated.exitCode()).as(generated.toString()).isZero();
  }

  private JsonObject run(String... more) throws IOException {
    Path results = directory.resolve("results");
    List<String> args = new ArrayList<>(List.of("run", "--quiet", "--no-history", "--input",
        input.toString(), "--results", results.toString()));
    args.addAll(List.of(more));
    CliRun run = CliRun.run(Map.of(), args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return CliRun.readResults(results);
  }

  private static JsonObject recommendations(JsonObject results) {
    return results.getAsJsonObject("recommendation_results");
  }

  @Test
  void shouldWriteTheSameLearnedRecommendationsOnEveryTarget() throws Exception {
    JsonObject inProcess = recommendations(run("--target", "inprocess",
        "--recommender", "item-knn"));
    assertThat(inProcess.get("model").getAsString()).isEqualTo("item-knn");
    JsonObject scored = inProcess.getAsJsonObject("scored");
    assertThat(scored.size()).isGreaterThan(10);
    long learned = scored.entrySet().stream()
        .filter(user -> user.getValue().getAsJsonObject().get("source").getAsString()
            .equals("item-knn"))
        .count();
    assertThat(learned).isGreaterThan(scored.size() / 2);
    for (Map.Entry<String, JsonElement> user : scored.entrySet()) {
      // The old shape keeps the learned list's first five songs.
      List<String> firstFive = new ArrayList<>();
      user.getValue().getAsJsonObject().getAsJsonArray("songs").asList().stream().limit(5)
          .forEach(song -> firstFive.add(song.getAsJsonObject().get("song").getAsString()));
      List<String> old = new ArrayList<>();
      inProcess.getAsJsonObject("recommendations").getAsJsonArray(user.getKey())
          .forEach(song -> old.add(song.getAsString()));
      assertThat(old).as(user.getKey()).isEqualTo(firstFive);
    }

    JsonObject embedded = recommendations(run("--target", "embedded", "--recommender",
        "item-knn", "--shard-bytes", "60000", "--concurrency", "3"));
    assertThat(embedded).isEqualTo(inProcess);

    JsonObject lambda = recommendations(run("--target", "lambda", "--endpoint-url",
        RealFunctions.endpoint().endpoint().toString(), "--recommender", "item-knn",
        "--shard-bytes", "200000"));
    assertThat(lambda).isEqualTo(inProcess);
  }

  @Test
  void shouldKeepTheOldRuleByDefault() throws Exception {
    JsonObject old = recommendations(run("--target", "inprocess"));
    assertThat(old.get("model").getAsString()).isEqualTo("top-artist-filter");
    assertThat(old.has("scored")).isFalse();
    JsonObject named = recommendations(run("--target", "inprocess", "--recommender",
        "top-artist-filter"));
    assertThat(named).isEqualTo(old);
  }

  @Test
  void shouldRefuseItemKnnWithoutTheFusedCall() throws Exception {
    Path results = directory.resolve("results");
    CliRun run = CliRun.run(Map.of(), "run", "--quiet", "--no-history", "--input",
        input.toString(), "--results", results.toString(), "--target", "embedded",
        "--recommender", "item-knn", "--no-fused");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("--recommender item-knn").contains("--no-fused");
  }
}
