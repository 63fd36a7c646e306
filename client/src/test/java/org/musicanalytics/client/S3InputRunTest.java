package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.functions.s3input.S3Clients;
import org.musicanalytics.functions.s3input.S3ProxyServer;
import org.musicanalytics.lambdalocal.RealFunctions;

/**
 * {@code run --input s3://...} against S3Proxy, a real S3 server in this process: the
 * ranges read by the client give the embedded run's results on the same file, and an
 * object that cannot be read gives one line and no results file.
 */
class S3InputRunTest {

  private static S3ProxyServer server;
  private static Path dir;
  private static byte[] tricky;
  private static byte[] quoted;
  private static int quotedBreak;
  private static int quotedRowStart;
  private static int quotedRowEnd;

  @BeforeAll
  static void start(@TempDir Path temp) throws Exception {
    dir = temp;
    server = S3ProxyServer.open();
    String generated = Files.readString(CliRun.generate(temp.resolve("plays.csv"), 3000, 15),
        StandardCharsets.UTF_8);
    // A byte-order mark, CRLF line ends and rows the reader rejects, spread over the file.
    String withBadRows = generated.replaceFirst("\n",
        "\nU-bad,S1,Artist,abc,2025-01-01T00:00,Pop\n") + "U-short,S1\n";
    tricky = ("\uFEFF" + withBadRows.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
    server.put("plays", "tricky.csv", tricky);
    String head = generated.substring(0, generated.indexOf('\n') + 1);
    String row = "U-q,S-q,\"two\nlines\",30,2025-01-01T00:00:00,Pop\n";
    String text = head + row + generated.substring(head.length());
    quotedRowStart = head.length();
    quotedBreak = quotedRowStart + row.indexOf('\n') + 1;
    quotedRowEnd = quotedRowStart + row.length();
    quoted = text.getBytes(StandardCharsets.UTF_8);
    server.put("plays", "quoted.csv", quoted);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void shouldGiveTheEmbeddedResultsOfTheSameFileForEveryRangeSize() throws Exception {
    JsonObject embedded = localRun(tricky, "tricky");
    assertThat(embedded.getAsJsonObject("input").get("rows_rejected").getAsLong()).isEqualTo(2);
    for (String size : new String[] {"997", "4096", "65536", "67108864"}) {
      for (String target : new String[] {"inprocess", "embedded"}) {
        JsonObject s3 = s3Run("s3://plays/tricky.csv", target, size);
        assertThat(CliRun.comparable(s3, "target", "workflow", "input"))
            .as("%s, ranges of %s bytes", target, size)
            .isEqualTo(CliRun.comparable(embedded, "target", "workflow", "input"));
        assertThat(withoutProvenance(s3.getAsJsonObject("input")))
            .isEqualTo(withoutProvenance(embedded.getAsJsonObject("input")));
        assertThat(s3.getAsJsonObject("input").get("path").getAsString())
            .isEqualTo("s3://plays/tricky.csv");
        assertThat(s3.getAsJsonObject("input").get("size_bytes").getAsLong())
            .isEqualTo(tricky.length);
      }
    }
  }

  @Test
  void shouldGiveTheEmbeddedResultsThroughLambdaLocalWithTheFunctionsReadingTheRanges()
      throws Exception {
    JsonObject embedded = localRun(tricky, "tricky");
    // lambda-local runs the real FunctionInvoker in this JVM: the function reads this
    // property (the SDK's name for AWS_ENDPOINT_URL_S3) to reach S3Proxy.
    System.setProperty(S3Clients.ENDPOINT_PROPERTY, server.endpoint().toString());
    try {
      for (String size : new String[] {"4096", "65536"}) {
        Path results = dir.resolve("results-lambda-" + size);
        CliRun run = CliRun.run("run", "--input", "s3://plays/tricky.csv",
            "--s3-endpoint-url", server.endpoint().toString(), "--target", "lambda",
            "--endpoint-url", RealFunctions.endpoint().endpoint().toString(),
            "--shard-bytes", size, "--results", results.toString(), "--quiet");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonObject s3 = CliRun.readResults(results);
        assertThat(CliRun.comparable(s3, "target", "workflow", "input"))
            .as("ranges of %s bytes", size)
            .isEqualTo(CliRun.comparable(embedded, "target", "workflow", "input"));
        assertThat(withoutProvenance(s3.getAsJsonObject("input")))
            .isEqualTo(withoutProvenance(embedded.getAsJsonObject("input")));
        // One invocation per range.
        assertThat(s3.getAsJsonObject("performance").getAsJsonObject("shards").get("records")
            .getAsLong())
            .isEqualTo((tricky.length + Long.parseLong(size) - 1) / Long.parseLong(size));
      }
    } finally {
      System.clearProperty(S3Clients.ENDPOINT_PROPERTY);
    }
  }

  @Test
  void shouldAllowHundredsOfRangesInFlightOnLambdaOnly() {
    CliRun local = CliRun.run("run", "--input", "s3://plays/tricky.csv", "--concurrency",
        "500", "--results", dir.resolve("results-wide").toString());
    assertThat(local.exitCode()).as(local.toString()).isEqualTo(2);
    assertThat(local.err()).contains("--concurrency must be from 1 to 256, was 500");
    CliRun lambda = CliRun.run("run", "--input", "s3://plays/tricky.csv", "--target",
        "lambda", "--concurrency", "1001", "--results", dir.resolve("results-wide").toString());
    assertThat(lambda.exitCode()).as(lambda.toString()).isEqualTo(2);
    assertThat(lambda.err()).contains("--concurrency must be from 1 to 1000, was 1001");
  }

  @Test
  void shouldReadAQuotedLineBreakWhenTheRowStartsOnTheBoundary() throws Exception {
    JsonObject embedded = localRun(quoted, "quoted");
    JsonObject s3 = s3Run("s3://plays/quoted.csv", "inprocess",
        Integer.toString(quotedRowStart));
    assertThat(CliRun.comparable(s3, "target", "workflow", "input"))
        .isEqualTo(CliRun.comparable(embedded, "target", "workflow", "input"));
  }

  @Test
  void shouldRefuseInOneLineACutInsideAQuotedLineBreak() {
    Path results = dir.resolve("results-cut");
    CliRun run = CliRun.run("run", "--input", "s3://plays/quoted.csv", "--s3-endpoint-url",
        server.endpoint().toString(), "--target", "inprocess", "--shard-bytes",
        Integer.toString(quotedBreak), "--results", results.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(firstLine(run.err())).contains("s3://plays/quoted.csv: a quoted line break "
        + "crosses byte " + quotedBreak + ": the rows before it end at byte " + quotedRowEnd
        + ", but the range starting there found a row at byte " + quotedBreak);
    assertThat(results.resolve("run_grpc_metrics.json")).doesNotExist();
  }

  @Test
  void shouldFailInOneLineWithoutResultsForAMissingBucketOrKey() {
    for (String input : new String[] {"s3://plays/missing.csv", "s3://no-bucket/plays.csv"}) {
      Path results = dir.resolve("results-missing");
      CliRun run = CliRun.run("run", "--input", input, "--s3-endpoint-url",
          server.endpoint().toString(), "--results", results.toString());
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
      assertThat(firstLine(run.err())).contains(input + ": no such");
      assertThat(results.resolve("run_grpc_metrics.json")).doesNotExist();
    }
  }

  @Test
  void shouldFailInOneLineWithoutResultsWhenAccessIsDenied() throws Exception {
    try (S3ProxyServer guarded = S3ProxyServer.withCredentials()) {
      guarded.put("private", "plays.csv", tricky);
      Path results = dir.resolve("results-denied");
      CliRun run = CliRun.run("run", "--input", "s3://private/plays.csv", "--s3-endpoint-url",
          guarded.endpoint().toString(), "--results", results.toString());
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
      assertThat(firstLine(run.err())).contains("s3://private/plays.csv: access denied");
      assertThat(results.resolve("run_grpc_metrics.json")).doesNotExist();
    }
  }

  @Test
  void shouldPrintTheObjectsS3UriInTheReport() {
    CliRun run = CliRun.run("run", "--input", "s3://plays/tricky.csv", "--s3-endpoint-url",
        server.endpoint().toString(), "--results", dir.resolve("results-report").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Music analytics: s3://plays/tricky.csv (target ");
  }

  @Test
  void shouldRetryAReadThatBreaksOffMidRangeAndGiveTheSameResults() throws Exception {
    JsonObject embedded = localRun(tricky, "tricky");
    server.put("plays", "breaking.csv", tricky);
    server.breakReadsAt("plays", "breaking.csv", tricky.length / 2 + 7, 2);
    try {
      JsonObject s3 = s3Run("s3://plays/breaking.csv", "inprocess", "65536");
      assertThat(CliRun.comparable(s3, "target", "workflow", "input"))
          .isEqualTo(CliRun.comparable(embedded, "target", "workflow", "input"));
    } finally {
      server.clearFaults();
    }
  }

  @Test
  void shouldFailInOneLineWithoutResultsWhenAReadKeepsBreakingOffMidRange() {
    // Past the client's first read (the header's), so that on Lambda the function meets it.
    long at = tricky.length - 1000;
    assertThat(at).isGreaterThan(128 << 10);
    server.put("plays", "broken.csv", tricky);
    server.breakReadsAt("plays", "broken.csv", at, Integer.MAX_VALUE);
    try {
      for (String target : new String[] {"inprocess", "lambda"}) {
        Path results = dir.resolve("results-broken-" + target);
        CliRun run = s3RunFailing("s3://plays/broken.csv", target, results);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        // Where the read stopped depends on what the server sent before it broke off.
        assertThat(firstLine(run.err())).as(target)
            .containsPattern("s3://plays/broken\\.csv: reading from byte \\d+ failed 5 times: ");
        assertThat(results.resolve("run_grpc_metrics.json")).doesNotExist();
      }
    } finally {
      server.clearFaults();
    }
  }

  @Test
  void shouldFailInOneLineWithoutResultsWhenTheObjectChangesDuringTheRun() {
    try {
      for (String target : new String[] {"inprocess", "lambda"}) {
        String key = "changing-" + target + ".csv";
        server.put("plays", key, tricky);
        // The first read is the header's; the object is replaced before the second.
        server.replaceOnRead("plays", key, 2, quoted);
        Path results = dir.resolve("results-changing-" + target);
        CliRun run = s3RunFailing("s3://plays/" + key, target, results);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(firstLine(run.err())).as(target)
            .contains("s3://plays/" + key + ": it changed during the run: it no longer has "
                + "ETag ");
        assertThat(results.resolve("run_grpc_metrics.json")).doesNotExist();
      }
    } finally {
      server.clearFaults();
    }
  }

  @Test
  void shouldCutARangeWhoseAnswerIsOverLambdasResponseLimitAndGiveTheSameResults()
      throws Exception {
    // Every row a new user, song and artist: the answer to one range of all of them (about
    // 1.1 bytes of JSON per byte of CSV with the counts encoded, 1.25 as arrays) is larger
    // than Lambda's 6 MB response limit, and its halves' answers are not.
    StringBuilder text = new StringBuilder("user_id,song_id,artist,duration,timestamp,genre\n");
    for (int i = 0; i < 100_000; i++) {
      text.append("user-").append(i).append(",song-").append(i).append(",artist-").append(i)
          .append(",").append(30 + i % 200).append(",2025-01-01T00:00:00,Pop\n");
    }
    byte[] wide = text.toString().getBytes(StandardCharsets.UTF_8);
    server.put("plays", "wide.csv", wide);
    JsonObject embedded = localRun(wide, "wide");
    System.setProperty(S3Clients.ENDPOINT_PROPERTY, server.endpoint().toString());
    try {
      Path results = dir.resolve("results-wide-lambda");
      CliRun run = CliRun.run("run", "--input", "s3://plays/wide.csv",
          "--s3-endpoint-url", server.endpoint().toString(), "--target", "lambda",
          "--endpoint-url", RealFunctions.endpoint().endpoint().toString(),
          "--shard-bytes", Integer.toString(wide.length), "--results", results.toString(),
          "--quiet");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(CliRun.comparable(CliRun.readResults(results), "target", "workflow", "input"))
          .isEqualTo(CliRun.comparable(embedded, "target", "workflow", "input"));
    } finally {
      System.clearProperty(S3Clients.ENDPOINT_PROPERTY);
    }
  }

  /** A run of {@code input} in ranges of 64 KiB, expected to fail. */
  @Test
  void shouldLearnTheSameRecommendationsFromRangesAsFromTheLocalFile() throws Exception {
    Path file = dir.resolve("learned.csv");
    Files.write(file, tricky);
    Path local = dir.resolve("results-learned-local");
    CliRun localRun = CliRun.run("run", "--input", file.toString(), "--results",
        local.toString(), "--quiet", "--no-history", "--recommender", "item-knn");
    assertThat(localRun.exitCode()).as(localRun.toString()).isZero();
    JsonObject expected = CliRun.readResults(local).getAsJsonObject("recommendation_results");
    assertThat(expected.get("model").getAsString()).isEqualTo("item-knn");

    System.setProperty(S3Clients.ENDPOINT_PROPERTY, server.endpoint().toString());
    try {
      for (List<String> target : List.of(List.of("--target", "inprocess"),
          List.of("--target", "lambda", "--endpoint-url",
              RealFunctions.endpoint().endpoint().toString()))) {
        Path results = dir.resolve("results-learned-" + target.get(1));
        List<String> args = new ArrayList<>(List.of("run", "--input", "s3://plays/tricky.csv",
            "--s3-endpoint-url", server.endpoint().toString(), "--shard-bytes", "16384",
            "--results", results.toString(), "--quiet", "--no-history", "--recommender",
            "item-knn"));
        args.addAll(target);
        CliRun run = CliRun.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(CliRun.readResults(results).getAsJsonObject("recommendation_results"))
            .as(target.get(1)).isEqualTo(expected);
      }
    } finally {
      System.clearProperty(S3Clients.ENDPOINT_PROPERTY);
    }
  }

  private static CliRun s3RunFailing(String input, String target, Path results) {
    System.setProperty(S3Clients.ENDPOINT_PROPERTY, server.endpoint().toString());
    List<String> args = new ArrayList<>(List.of("run", "--input", input, "--s3-endpoint-url",
        server.endpoint().toString(), "--target", target, "--shard-bytes", "65536",
        "--results", results.toString(), "--quiet"));
    if (target.equals("lambda")) {
      args.addAll(List.of("--endpoint-url", RealFunctions.endpoint().endpoint().toString()));
    }
    try {
      return CliRun.run(args.toArray(String[]::new));
    } finally {
      System.clearProperty(S3Clients.ENDPOINT_PROPERTY);
    }
  }

  private static JsonObject localRun(byte[] bytes, String name) throws IOException {
    Path file = dir.resolve(name + ".csv");
    Files.write(file, bytes);
    Path results = dir.resolve("results-local-" + name);
    CliRun run = CliRun.run("run", "--input", file.toString(), "--results", results.toString(),
        "--quiet");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return CliRun.readResults(results);
  }

  private static JsonObject s3Run(String input, String target, String rangeBytes)
      throws IOException {
    Path results = dir.resolve("results-s3-" + target + "-" + rangeBytes);
    CliRun run = CliRun.run("run", "--input", input, "--s3-endpoint-url",
        server.endpoint().toString(), "--target", target, "--shard-bytes", rangeBytes,
        "--results", results.toString(), "--quiet");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return CliRun.readResults(results);
  }

  private static JsonObject withoutProvenance(JsonObject input) {
    JsonObject copy = input.deepCopy();
    for (String key : new String[] {"path", "size_bytes", "last_modified", "crc32c", "etag"}) {
      copy.remove(key);
    }
    return copy;
  }

  private static String firstLine(String text) {
    assertThat(text.strip()).as("one line").doesNotContain("\n");
    return text.strip();
  }
}
