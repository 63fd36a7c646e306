package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.pipeline.RandomRecords;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.host.HostConfig;
import org.musicanalytics.host.HostLogging;
import org.musicanalytics.proto.StreamRecord;

/**
 * The fused path (shards encoded once from the file, one AnalyzeShard call per shard,
 * answers merged from their bytes) writes exactly the results file of the plain path
 * (three services, generated stubs), over real gRPC on loopback: on random data with
 * awkward names and bad rows, on the sample, for any budget and concurrency.
 */
class FusedPathIntegrationTest {

  private static AnalyticsHost host;

  @TempDir
  static Path directory;

  private static Path awkward;

  @BeforeAll
  static void startHostAndWriteInput() throws Exception {
    HostLogging.setLevel(Level.WARNING);
    host = AnalyticsHost.start(HostConfig.ephemeral());
    Random random = new Random(77);
    List<StreamRecord> plays = new ArrayList<>(RandomRecords.plays(random, 1500, 90, 70));
    plays.addAll(RandomRecords.allDistinct(random, 150));
    StringBuilder csv = new StringBuilder("user_id,song_id,artist,duration,timestamp,genre\r\n");
    int line = 0;
    for (StreamRecord play : plays) {
      if (++line % 97 == 0) {
        csv.append("U-bad,S1,A,not a number,2025-11-05T10:00:00,Pop\r\n");
      }
      csv.append(String.join(",", quoted(play.getUserId()), quoted(play.getSongId()),
          quoted(play.getArtist()), Integer.toString(play.getDuration()),
          quoted(play.getTimestamp()), quoted(play.getGenre()))).append("\r\n");
    }
    awkward = directory.resolve("awkward.csv");
    Files.writeString(awkward, csv, StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  private static String quoted(String field) {
    return "\"" + field.replace("\"", "\"\"") + "\"";
  }

  private static String address() {
    return "127.0.0.1:" + host.addresses().get(0).getPort();
  }

  private static CliRun run(Path input, String name, String... more) {
    Path results = directory.resolve(name);
    String[] common = {"run", "--quiet", "--input", input.toString(), "--results",
        results.toString()};
    String[] args = Arrays.copyOf(common, common.length + more.length);
    System.arraycopy(more, 0, args, common.length, more.length);
    return CliRun.run(args);
  }

  private static JsonObject results(Path input, String name, String... more) throws Exception {
    CliRun run = run(input, name, more);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonObject results = CliRun.readResults(directory.resolve(name));
    assertThat(results.getAsJsonObject("input").get("records_read").getAsLong()).isPositive();
    return results;
  }

  @Test
  void shouldWriteThePlainPathsResultsOnAwkwardDataForAnyBudgetAndConcurrency()
      throws Exception {
    JsonObject plain = results(awkward, "plain", "--no-fused", "--concurrency", "1",
        "--shard-bytes", "4194304");

    assertThat(plain.getAsJsonObject("input").get("rows_rejected").getAsLong()).isPositive();
    for (String[] variant : new String[][] {
        {},
        {"--shard-bytes", "2048", "--concurrency", "3"},
        {"--shard-bytes", "4096", "--concurrency", "1"},
        {"--shard-bytes", "3000", "--concurrency", "8", "--target", "grpc", "--fused",
            "--mapreduce-address", address(), "--userbehavior-address", address(),
            "--genre-address", address(), "--recommendation-address", address()}}) {
      String name = "fused" + String.join("", variant).replace(":", "_");
      JsonObject fused = results(awkward, name, variant);

      assertThat(CliRun.comparable(fused).toString()).as(Arrays.toString(variant))
          .isEqualTo(CliRun.comparable(plain).toString()
              .replace("\"target\":\"embedded\"", "\"target\":\""
                  + fused.get("target").getAsString() + "\""));
      if (variant.length > 0 && variant[1].length() == 4) {
        assertThat(fused.getAsJsonObject("performance").getAsJsonObject("shards")
            .get("records").getAsInt()).as(Arrays.toString(variant)).isGreaterThan(10);
      }
    }
  }

  @Test
  void shouldWriteThePlainPathsResultsOnTheSample() throws Exception {
    Path sample = CliRun.sampleData();

    assertThat(CliRun.comparable(results(sample, "sample-fused", "--fused")))
        .isEqualTo(CliRun.comparable(results(sample, "sample-plain", "--no-fused")));
  }

  @Test
  void shouldFallBackForAHostWithoutTheFusedCallUnlessItIsAskedFor() throws Exception {
    // A gRPC server that serves nothing: as a host of the old contract, it lacks AnalyzeShard.
    Server bare = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).build()
        .start();
    try {
      String at = "127.0.0.1:" + bare.getPort();
      String[] addresses = {"--target", "grpc", "--mapreduce-address", at,
          "--userbehavior-address", at, "--genre-address", at, "--recommendation-address", at};

      CliRun asked = run(awkward, "asked", concat(addresses, "--fused"));
      assertThat(asked.exitCode()).isEqualTo(1);
      assertThat(asked.err()).startsWith("music-analytics run: ShardAnalysis (MapReduce, "
          + "UserBehavior, GenreAnalysis in one call) stage failed (grpc target): the host "
          + "does not serve the fused call music.ShardAnalysisService/AnalyzeShard (a host of "
          + "the old contract); run with --no-fused to use the three services; its partial "
          + "run directory ").hasLineCount(1);

      // By default the three services are used: here the plain MapReduce call fails next.
      CliRun fallback = run(awkward, "fallback", addresses);
      assertThat(fallback.exitCode()).isEqualTo(1);
      assertThat(fallback.err()).startsWith("music-analytics run: MapReduce stage failed (gRPC "
          + at + ", shard 1 (records 1-").contains("UNIMPLEMENTED");
      assertThat(directory.resolve("asked").resolve("run_grpc_metrics.json")).doesNotExist();
      assertThat(directory.resolve("fallback").resolve("run_grpc_metrics.json"))
          .doesNotExist();
    } finally {
      bare.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldRefuseABadConcurrencyAsAUsageError() {
    CliRun zero = run(awkward, "zero", "--concurrency", "0");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("--concurrency must be from 1 to 256, was 0");
  }

  private static String[] concat(String[] first, String... second) {
    String[] all = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
