package org.musicanalytics.client.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.CliRun;

/** Each run writes a self-contained report.html beside its results file. */
class ReportPageTest {

  @TempDir
  Path directory;

  @Test
  void shouldWriteASelfContainedReportWithTheRunsData() throws Exception {
    CliRun run = CliRun.run("run", "--quiet", "--no-history", "--input",
        CliRun.sampleData().toString(), "--results", directory.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonObject results = CliRun.readResults(directory);

    String page = Files.readString(directory.resolve(ReportPage.FILE_NAME),
        StandardCharsets.UTF_8);

    // Fetches nothing: its markup, outside the inline scripts, refers to no other file.
    String markup = page.replaceAll("(?s)<script>.*?</script>", "");
    assertThat(markup).doesNotContain("src=").doesNotContain("href=").doesNotContain("url(")
        .doesNotContain("@import");
    assertThat(page).doesNotContainPattern("<script[^>]+src=");
    assertThat(page).contains("echarts").contains("MusicCharts.render(");
    Matcher view = Pattern.compile("MusicCharts\\.render\\((\\{.*\\})\\);").matcher(page);
    assertThat(view.find()).isTrue();
    JsonObject data = com.google.gson.JsonParser.parseString(view.group(1)).getAsJsonObject();
    assertThat(data.get("computed_at")).isEqualTo(results.get("computed_at"));
    assertThat(data.getAsJsonArray("top_songs")).hasSize(10);
    assertThat(data.get("plays_per_day")).isEqualTo(results
        .getAsJsonObject("mapreduce_results").get("plays_per_day"));
    try (var files = Files.list(directory)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("run_grpc_metrics.json", ReportPage.FILE_NAME, "runs");
    }
    Path runDirectory = directory.resolve("runs").resolve(results.get("run_id").getAsString());
    assertThat(runDirectory.resolve(ReportPage.FILE_NAME)).hasSameTextualContentAs(
        directory.resolve(ReportPage.FILE_NAME));
  }
}
