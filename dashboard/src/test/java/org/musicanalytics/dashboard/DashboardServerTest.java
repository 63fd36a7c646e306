package org.musicanalytics.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API and the pipeline gateway over real HTTP, on a real SQLite history. */
class DashboardServerTest {

  private static final String HEADER = "user_id,song_id,artist,duration,timestamp,genre\n";

  @TempDir
  Path directory;

  private final HttpClient http = HttpClient.newHttpClient();
  private DashboardServer server;

  private void start(long maxBodyBytes) {
    server = DashboardServer.start(new DashboardServer.Settings("127.0.0.1", 0,
        "jdbc:sqlite:" + directory.resolve("history.db"), maxBodyBytes, Map.of()));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String csv) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofString(csv)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/json"));
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  private static String sample() throws IOException {
    return Files.readString(Path.of(System.getProperty("user.dir")).getParent()
        .resolve("data/stream_data.csv"), StandardCharsets.UTF_8);
  }

  @Test
  void shouldRunAnUploadedCsvRecordItAndServeItThroughTheApi() throws Exception {
    start(1 << 20);
    HttpResponse<String> posted = post("/api/runs", sample());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    JsonObject answer = json(posted);
    String runId = answer.get("run_id").getAsString();
    assertThat(answer.get("recorded").getAsBoolean()).isTrue();
    JsonObject results = answer.getAsJsonObject("results");
    assertThat(results.getAsJsonObject("input").get("records_read").getAsInt()).isEqualTo(100);

    JsonObject runs = json(get("/api/runs"));
    assertThat(runs.get("total").getAsInt()).isOne();
    assertThat(runs.getAsJsonArray("runs").get(0).getAsJsonObject().get("runId")
        .getAsString()).isEqualTo(runId);

    JsonObject view = json(get("/api/runs/" + runId));
    JsonObject topSongs = results.getAsJsonObject("mapreduce_results")
        .getAsJsonObject("top_songs");
    assertThat(view.getAsJsonArray("top_songs")).hasSize(topSongs.size());
    int rank = 0;
    for (String key : topSongs.keySet()) {
      JsonObject song = view.getAsJsonArray("top_songs").get(rank++).getAsJsonObject();
      assertThat(song.get("key").getAsString()).isEqualTo(key);
      assertThat(song.get("plays").getAsLong()).isEqualTo(topSongs.get(key).getAsLong());
    }
    assertThat(view.get("plays_per_day")).isEqualTo(results
        .getAsJsonObject("mapreduce_results").get("plays_per_day"));

    JsonObject songs = json(get("/api/runs/" + runId + "/songs?offset=2&limit=3"));
    assertThat(songs.getAsJsonArray("songs")).hasSize(3);
    assertThat(songs.getAsJsonArray("songs").get(0).getAsJsonObject().get("key").getAsString())
        .isEqualTo(topSongs.keySet().toArray()[2]);
    assertThat(songs.get("total").getAsInt()).isGreaterThanOrEqualTo(topSongs.size());

    JsonObject users = json(get("/api/runs/" + runId + "/users?limit=2"));
    assertThat(users.getAsJsonArray("users")).hasSize(2);
    JsonObject firstUser = results.getAsJsonObject("userbehavior_results")
        .getAsJsonArray("users").get(0).getAsJsonObject();
    String userId = firstUser.get("user_id").getAsString();
    JsonObject user = json(get("/api/runs/" + runId + "/users/" + userId));
    assertThat(user.get("total_time")).isEqualTo(firstUser.get("total_time"));
    assertThat(user.get("recommendations")).isEqualTo(results
        .getAsJsonObject("recommendation_results").getAsJsonObject("recommendations")
        .get(userId));

    JsonObject comparison = json(get("/api/compare?from=" + runId + "&to=" + runId));
    for (JsonElement song : comparison.getAsJsonArray("songs")) {
      assertThat(song.getAsJsonObject().get("movement").getAsString()).isEqualTo("same");
    }
  }

  @Test
  void shouldAnswerUnknownIdsWith404AndBadParametersWith400InJson() throws Exception {
    start(1 << 20);

    HttpResponse<String> unknown = get("/api/runs/nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("message").getAsString())
        .isEqualTo("no run nope in the history");
    HttpResponse<String> badLimit = get("/api/runs?limit=abc");
    assertThat(badLimit.statusCode()).isEqualTo(400);
    assertThat(json(badLimit).get("error").getAsString()).isEqualTo("bad_request");
    assertThat(json(badLimit).get("message").getAsString())
        .isEqualTo("query parameter limit must be a whole number from 1 to 1000, not 'abc'");
    assertThat(get("/api/runs?offset=-1").statusCode()).isEqualTo(400);
    HttpResponse<String> noTo = get("/api/compare?from=a");
    assertThat(noTo.statusCode()).isEqualTo(400);
    assertThat(json(noTo).get("message").getAsString())
        .isEqualTo("query parameter to is required");
    assertThat(get("/api/compare?from=a&to=b").statusCode()).isEqualTo(404);
    HttpResponse<String> noPath = get("/api/nothing");
    assertThat(noPath.statusCode()).isEqualTo(404);
    assertThat(json(noPath).get("error").getAsString()).isEqualTo("not_found");
    assertThat(post("/api/runs?strict=maybe", HEADER).statusCode()).isEqualTo(400);
  }

  @Test
  void shouldServeTheOpenApiDocumentThePageAndEchartsFromTheJar() throws Exception {
    start(1 << 20);

    JsonObject openApi = json(get("/api/openapi.json"));
    assertThat(openApi.get("openapi").getAsString()).startsWith("3.");
    assertThat(openApi.getAsJsonObject("paths").keySet()).contains("/api/runs",
        "/api/runs/{id}", "/api/runs/{id}/songs", "/api/runs/{id}/users", "/api/compare");
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("/assets/echarts.min.js").doesNotContain("http://")
        .doesNotContain("https://");
    HttpResponse<String> echarts = get("/assets/echarts.min.js");
    assertThat(echarts.statusCode()).isEqualTo(200);
    assertThat(echarts.body()).contains("echarts").hasSizeGreaterThan(500_000);
  }

  @Test
  void shouldRefuseABodyOverTheLimitWith413() throws Exception {
    start(1000);
    String csv = HEADER + "U1,S1,A,200,2025-11-05T10:00:00,Pop\n".repeat(100);

    HttpResponse<String> refused = post("/api/runs", csv);

    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(json(refused).get("error").getAsString()).isEqualTo("too_large");
    assertThat(json(get("/api/runs")).get("total").getAsInt()).isZero();
  }

  @Test
  void shouldReportBadRowsWithLineNumbersAndFailStrictRunsWith400() throws Exception {
    start(1 << 20);
    String csv = HEADER + "U1,S1,A,200,2025-11-05T10:00:00,Pop\n"
        + "U2,S2,B,not-a-number,2025-11-05T10:00:00,Rock\n"
        + "U3,S3,C,100,2025-11-06T10:00:00,Pop\n";

    JsonObject lenient = json(post("/api/runs", csv));
    assertThat(lenient.get("rejected_rows").getAsInt()).isOne();
    JsonObject rejection = lenient.getAsJsonObject("results").getAsJsonObject("input")
        .getAsJsonArray("first_rejections").get(0).getAsJsonObject();
    assertThat(rejection.get("line").getAsInt()).isEqualTo(3);

    HttpResponse<String> strict = post("/api/runs?strict=true", csv);
    assertThat(strict.statusCode()).isEqualTo(400);
    assertThat(json(strict).get("error").getAsString()).isEqualTo("bad_row");
    assertThat(json(strict).get("message").getAsString()).contains("line 3");
    assertThat(json(get("/api/runs")).get("total").getAsInt()).isOne();
  }

  @Test
  void shouldRefuseRunsPostedWhileOneRunsWith429AndRunNoneByHalf() throws Exception {
    start(64 << 20);
    StringBuilder csv = new StringBuilder(HEADER);
    for (int i = 0; i < 200_000; i++) {
      csv.append('U').append(i % 5000).append(",S").append(i % 3000).append(",Artist ")
          .append(i % 700).append(',').append(100 + i % 200).append(",2025-11-0")
          .append(1 + i % 9).append("T10:00:00,Pop\n");
    }
    String body = csv.toString();
    List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      posts.add(http.sendAsync(HttpRequest.newBuilder(uri("/api/runs"))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }

    int ran = 0;
    int refused = 0;
    for (CompletableFuture<HttpResponse<String>> post : posts) {
      HttpResponse<String> answer = post.get();
      if (answer.statusCode() == 429) {
        assertThat(json(answer).get("error").getAsString()).isEqualTo("busy");
        refused++;
      } else {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        ran++;
      }
    }

    assertThat(refused).as("posted while another ran").isPositive();
    assertThat(ran).isPositive();
    // Every run that was answered 201 is recorded whole; the refused left nothing.
    JsonObject runs = json(get("/api/runs"));
    assertThat(runs.get("total").getAsInt()).isEqualTo(ran);
    for (JsonElement run : runs.getAsJsonArray("runs")) {
      assertThat(run.getAsJsonObject().get("recordsRead").getAsInt()).isEqualTo(200_000);
    }
  }
}
