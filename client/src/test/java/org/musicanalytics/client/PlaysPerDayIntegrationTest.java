package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.pipeline.RandomRecords;
import org.musicanalytics.proto.StreamRecord;

/**
 * Plays per day through the whole pipeline: over many shards, fused and plain, in process
 * and through the embedded host, the results file lists what one pass with
 * {@code java.time} counts, and the terminal report shows it.
 */
class PlaysPerDayIntegrationTest {

  @TempDir
  Path directory;

  /** The UTC day of each play by java.time, "unknown" where it parses no date. */
  private static Map<String, Long> expectedDays(List<StreamRecord> plays) {
    Map<String, Long> days = new TreeMap<>();
    for (StreamRecord play : plays) {
      days.merge(day(play.getTimestamp()), 1L, Long::sum);
    }
    return days;
  }

  private static String day(String timestamp) {
    try {
      return OffsetDateTime.parse(timestamp).withOffsetSameInstant(ZoneOffset.UTC)
          .toLocalDate().toString();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(timestamp).toLocalDate().toString();
      } catch (DateTimeParseException notLocal) {
        return "unknown";
      }
    }
  }

  private JsonObject run(Path input, String name, String... more) throws Exception {
    Path results = directory.resolve(name);
    List<String> args = new ArrayList<>(List.of("run", "--quiet", "--input", input.toString(),
        "--results", results.toString()));
    args.addAll(List.of(more));
    CliRun run = CliRun.run(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return CliRun.readResults(results);
  }

  private static Map<String, Long> playsPerDay(JsonObject results) {
    Map<String, Long> days = new TreeMap<>();
    results.getAsJsonObject("mapreduce_results").getAsJsonObject("plays_per_day").entrySet()
        .forEach(day -> days.put(day.getKey(), day.getValue().getAsLong()));
    return days;
  }

  @Test
  void shouldCountPlaysPerUtcDayMergedOverShardsOnEveryLocalTarget() throws Exception {
    List<StreamRecord> plays = RandomRecords.plays(new Random(12), 3000, 90, 70);
    Path input = TestCsv.write(directory.resolve("plays.csv"), plays);
    Map<String, Long> expected = expectedDays(plays);
    assertThat(expected).containsKey("unknown").containsKey("2025-11-10")
        .hasSizeGreaterThan(9);

    JsonObject fused = run(input, "fused", "--target", "inprocess", "--shard-bytes", "4096");
    JsonObject plain = run(input, "plain", "--target", "inprocess", "--shard-bytes", "4096",
        "--no-fused");
    JsonObject embedded = run(input, "embedded", "--target", "embedded",
        "--shard-bytes", "4096");

    assertThat(fused.getAsJsonObject("performance").getAsJsonObject("shards").get("records")
        .getAsInt()).isGreaterThan(5);
    for (JsonObject results : List.of(fused, plain, embedded)) {
      assertThat(playsPerDay(results)).isEqualTo(expected);
      // In date order, "unknown" last.
      assertThat(results.getAsJsonObject("mapreduce_results")
          .getAsJsonObject("plays_per_day").keySet()).containsExactlyElementsOf(
              expected.keySet());
    }
  }

  @Test
  void shouldShowPlaysPerDayInTheTerminalReport() throws Exception {
    CliRun run = CliRun.run("run", "--input", CliRun.sampleData().toString(), "--results",
        directory.resolve("report").toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonObject results = CliRun.readResults(directory.resolve("report"));
    Map<String, Long> days = playsPerDay(results);
    assertThat(days).isNotEmpty();
    assertThat(run.out()).contains("Plays per day (UTC, " + days.size() + " days)");
    days.forEach((day, count) -> assertThat(run.out()).containsPattern(
        "(?m)^  " + day + " +" + count + "$"));
  }
}
