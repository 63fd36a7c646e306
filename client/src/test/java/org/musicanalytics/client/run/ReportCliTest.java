package org.musicanalytics.client.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.CliProcess;
import org.musicanalytics.client.CliRun;
import org.musicanalytics.client.output.TextReport;

/**
 * {@code music-analytics run}'s standard output in a process of its own: the top users by
 * listening time in hours and minutes, {@code --top}, {@code --format json}, and counts in
 * the singular or plural.
 */
class ReportCliTest {

  @TempDir
  Path directory;

  @Test
  void shouldListTheTopUsersByListeningTimeForPeople() throws Exception {
    CliProcess run = CliProcess.run("run", "--input", CliRun.sampleData().toString(),
        "--results", directory.toString(), "--top", "3");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<JsonObject> users = new ArrayList<>();
    for (JsonElement user : CliRun.readResults(directory)
        .getAsJsonObject("userbehavior_results").getAsJsonArray("users")) {
      users.add(user.getAsJsonObject());
    }
    users.sort(Comparator.comparingLong((JsonObject u) -> u.get("total_time").getAsLong())
        .reversed().thenComparing(u -> u.get("user_id").getAsString()));
    List<String> lines = run.out().lines().toList();
    int heading = lines.indexOf("Top users by listening time (" + users.size() + " users)");
    assertThat(heading).as(run.out()).isPositive();
    for (int i = 0; i < 3; i++) {
      JsonObject user = users.get(i);
      assertThat(lines.get(heading + 2 + i)).startsWith("  " + user.get("user_id").getAsString())
          .contains(TextReport.duration(user.get("total_time").getAsLong()) + "  "
              + user.get("top_artist").getAsString());
    }
    assertThat(lines.get(heading + 5)).isEqualTo("  ... and " + (users.size() - 3)
        + " more (all in the results file; --top N shows more)");
    assertThat(run.out()).contains("Top songs (plays, ").contains("   3. ")
        .doesNotContain("   4. ");
  }

  @Test
  void shouldPrintTheResultsDocumentForFormatJson() throws Exception {
    CliProcess run = CliProcess.run("run", "--input", CliRun.sampleData().toString(),
        "--results", directory.toString(), "--format", "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo(Files.readString(directory.resolve("run_grpc_metrics.json")));
    assertThat(JsonParser.parseString(run.out()).getAsJsonObject().get("run_id")).isNotNull();
  }

  @Test
  void shouldCountInTheSingular() throws Exception {
    Path input = Files.writeString(directory.resolve("one.csv"),
        "user_id,song_id,artist,duration,timestamp,genre\n"
            + "U1,S1,Adele,200,2025-11-05T10:00:00,Soul\n"
            + "U2,S2,Drake,x,2025-11-05T10:01:00,Rap\n");

    CliProcess run = CliProcess.run("run", "--quiet", "--input", input.toString(),
        "--results", directory.resolve("results").toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("1 record read, 1 row rejected, 4 stages in ");
  }

  @Test
  void shouldWriteDurationsInHoursAndMinutes() {
    assertThat(TextReport.duration(421_359)).isEqualTo("117 h 02 min");
    assertThat(TextReport.duration(3_600)).isEqualTo("1 h 00 min");
    assertThat(TextReport.duration(61)).isEqualTo("1 min 01 s");
    assertThat(TextReport.duration(59)).isEqualTo("59 s");
  }
}
