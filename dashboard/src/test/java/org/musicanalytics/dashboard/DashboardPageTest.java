package org.musicanalytics.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.MusicAnalytics;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard and a run's report.html in real headless Chromium: each chart drew the
 * run's data (read back from ECharts' own option), the user search finds the user's
 * recommendations; screenshots are saved under target/ to be looked at.
 */
class DashboardPageTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir
  Path directory;

  private static JsonObject option(ChromeDriver driver, String chart) {
    Object json = driver.executeScript("var el = document.getElementById(arguments[0]);"
        + "return JSON.stringify(echarts.getInstanceByDom(el).getOption());", chart);
    return JsonParser.parseString((String) json).getAsJsonObject();
  }

  private static List<String> strings(JsonArray array) {
    List<String> strings = new ArrayList<>();
    array.forEach(element -> strings.add(element.getAsString()));
    return strings;
  }

  private static List<Long> numbers(JsonArray array) {
    List<Long> numbers = new ArrayList<>();
    array.forEach(element -> numbers.add(element.getAsLong()));
    return numbers;
  }

  /** Checks that the four charts of a run drew {@code view}'s data. */
  private static void assertRunChartsDrew(ChromeDriver driver, JsonObject view) {
    JsonObject songs = option(driver, "chart-top-songs");
    JsonArray topSongs = view.getAsJsonArray("top_songs");
    List<String> keys = new ArrayList<>();
    List<Long> plays = new ArrayList<>();
    topSongs.forEach(song -> {
      keys.add(song.getAsJsonObject().get("key").getAsString());
      plays.add(song.getAsJsonObject().get("plays").getAsLong());
    });
    assertThat(strings(songs.getAsJsonArray("yAxis").get(0).getAsJsonObject()
        .getAsJsonArray("data"))).isEqualTo(keys);
    assertThat(numbers(songs.getAsJsonArray("series").get(0).getAsJsonObject()
        .getAsJsonArray("data"))).isEqualTo(plays);

    JsonArray pie = option(driver, "chart-genres").getAsJsonArray("series").get(0)
        .getAsJsonObject().getAsJsonArray("data");
    assertThat(pie).hasSize(view.getAsJsonObject("genres").size());
    long piePlays = 0;
    for (JsonElement slice : pie) {
      piePlays += slice.getAsJsonObject().get("value").getAsLong();
    }
    assertThat(piePlays).isEqualTo(view.getAsJsonObject("genres").entrySet().stream()
        .mapToLong(genre -> genre.getValue().getAsLong()).sum());

    JsonObject days = option(driver, "chart-days");
    assertThat(strings(days.getAsJsonArray("xAxis").get(0).getAsJsonObject()
        .getAsJsonArray("data"))).containsExactlyElementsOf(view
            .getAsJsonObject("plays_per_day").keySet());

    JsonArray bins = option(driver, "chart-listening").getAsJsonArray("series").get(0)
        .getAsJsonObject().getAsJsonArray("data");
    assertThat(numbers(bins)).isEqualTo(numbers(view.getAsJsonObject("listening_histogram")
        .getAsJsonArray("counts")));

    assertThat(driver.findElements(By.cssSelector("#top-users li")))
        .hasSize(view.getAsJsonArray("top_users").size());
    assertThat(driver.findElements(By.cssSelector("#trending li")).stream()
        .map(item -> item.getText()).toList())
        .isEqualTo(strings(view.getAsJsonArray("trending")));
  }

  private static void screenshot(ChromeDriver driver, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static int runCli(String... args) {
    StringWriter ignored = new StringWriter();
    var command = MusicAnalytics.commandLine(Map.of());
    command.setOut(new PrintWriter(ignored));
    command.setErr(new PrintWriter(ignored));
    return command.execute(args);
  }

  @Test
  void shouldDrawEveryChartOfTheLatestRunHistoryAndComparison() throws Exception {
    String history = "jdbc:sqlite:" + directory.resolve("history.db");
    Path sample = Path.of(System.getProperty("user.dir")).getParent()
        .resolve("data/stream_data.csv");
    Path generated = directory.resolve("plays.csv");
    assertThat(runCli("generate", "--records", "20000", "--seed", "7", "--out",
        generated.toString())).isZero();
    assertThat(runCli("run", "--quiet", "--input", sample.toString(), "--results",
        directory.resolve("first").toString(), "--history", history)).isZero();
    assertThat(runCli("run", "--quiet", "--input", generated.toString(), "--results",
        directory.resolve("second").toString(), "--history", history)).isZero();

    try (DashboardServer server = DashboardServer.start(new DashboardServer.Settings(
        "127.0.0.1", 0, history, 1 << 20, Map.of()))) {
      String base = "http://127.0.0.1:" + server.port();
      HttpClient http = HttpClient.newHttpClient();
      JsonObject runs = JsonParser.parseString(http.send(HttpRequest.newBuilder(
          URI.create(base + "/api/runs")).build(), HttpResponse.BodyHandlers.ofString())
          .body()).getAsJsonObject();
      String latest = runs.getAsJsonArray("runs").get(0).getAsJsonObject().get("runId")
          .getAsString();
      JsonObject view = JsonParser.parseString(http.send(HttpRequest.newBuilder(
          URI.create(base + "/api/runs/" + latest)).build(),
          HttpResponse.BodyHandlers.ofString()).body()).getAsJsonObject();

      ChromeDriver driver = Browser.start(directory.resolve("profile"));
      try {
        driver.get(base + "/");
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "true".equals(
            d.findElement(By.tagName("body")).getAttribute("data-loaded")));

        assertRunChartsDrew(driver, view);
        JsonObject historyChart = option(driver, "chart-history");
        assertThat(historyChart.getAsJsonArray("series").get(0).getAsJsonObject()
            .getAsJsonArray("data")).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("#compare-songs tr"))).isNotEmpty();

        String user = view.getAsJsonArray("top_users").get(0).getAsJsonObject()
            .get("user_id").getAsString();
        driver.findElement(By.id("user-id")).sendKeys(user);
        driver.findElement(By.cssSelector("#user-form button")).click();
        JsonObject expected = JsonParser.parseString(http.send(HttpRequest.newBuilder(
            URI.create(base + "/api/runs/" + latest + "/users/" + user)).build(),
            HttpResponse.BodyHandlers.ofString()).body()).getAsJsonObject();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.findElement(
            By.id("user-summary")).getText().startsWith(user));
        assertThat(driver.findElements(By.cssSelector("#user-recommendations li")).stream()
            .map(item -> item.getText()).toList())
            .isEqualTo(strings(expected.getAsJsonArray("recommendations")));
        screenshot(driver, "dashboard.png");

        Path report = directory.resolve("second").resolve("report.html");
        driver.get(report.toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.findElement(
            By.id("run-summary")).getText().isEmpty());
        assertRunChartsDrew(driver, view);
        screenshot(driver, "report.png");
      } finally {
        driver.quit();
      }
    }
  }
}
