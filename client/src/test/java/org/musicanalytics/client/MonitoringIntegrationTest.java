package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.grpc.GrpcStages;
import org.musicanalytics.client.grpc.ServiceAddresses;
import org.musicanalytics.client.pipeline.AnalyticsPipeline;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.host.CallLimits;
import org.musicanalytics.host.HostLogging;
import org.musicanalytics.host.metrics.HostMetrics;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.GenreAnalysisServiceGrpc;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * A real Prometheus (Debian's {@code prometheus}) scrapes a host started here while the
 * pipeline runs against it and the test provokes refusals; then every query of the
 * Grafana dashboard ({@code monitoring/grafana/dashboards}) is evaluated through
 * Prometheus's HTTP API. Skipped without the binary unless
 * {@value #REQUIRE_VARIABLE}=1.
 */
class MonitoringIntegrationTest {

  static final String REQUIRE_VARIABLE = "MUSIC_ANALYTICS_REQUIRE_PROMETHEUS";
  private static final Path DASHBOARD =
      Path.of("..", "monitoring", "grafana", "dashboards", "music-analytics-host.json");
  private static final int MAX_REQUEST_BYTES = 256 * 1024;
  private static final int PLAYS = 4000;
  private static final int REFUSED_BY_LIMIT = 3;

  @TempDir
  Path directory;

  private final CountDownLatch release = new CountDownLatch(1);
  private final HttpClient http = HttpClient.newHttpClient();
  private HostMetrics metrics;
  private AnalyticsHost host;
  private ManagedChannel channel;
  private Process prometheus;
  private int prometheusPort;

  @AfterEach
  void stop() throws InterruptedException {
    release.countDown();
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (host != null) {
      host.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    if (prometheus != null) {
      prometheus.destroy();
      prometheus.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldAnswerEveryDashboardQueryWithWhatTheHostDid() throws Exception {
    Path binary = prometheusBinary();
    HostLogging.setLevel(Level.WARNING);
    startHost();
    startPrometheus(binary);
    awaitValue("up{job=\"host\"}", 1);

    // Two calls hold both places; the next ones are refused by the call limit.
    GenreAnalysisServiceGrpc.GenreAnalysisServiceFutureStub genres =
        GenreAnalysisServiceGrpc.newFutureStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    ListenableFuture<GenreAnalysisResponse> first = genres.analyzeGenres(plays(5));
    ListenableFuture<GenreAnalysisResponse> second = genres.analyzeGenres(plays(5));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (host.callsInFlight() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    for (int i = 0; i < REFUSED_BY_LIMIT; i++) {
      assertRefused(plays(1));
    }
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    second.get(10, TimeUnit.SECONDS);
    assertRefused(plays(MAX_REQUEST_BYTES / 40));

    PipelineResult result;
    try (GrpcStages stages = new GrpcStages(ServiceAddresses.spreadOver(host.addresses()))) {
      result = new AnalyticsPipeline(stages, ShardBudget.protobuf(32 * 1024))
          .withFusedStages(stages).run(plays(PLAYS));
    }
    assertThat(result.recordShards()).isGreaterThan(1);
    System.gc(); // one GC pause for certain

    String calls = "sum(grpc_server_processing_duration_seconds_count{method=\"%s\","
        + "statusCode=\"%s\"})";
    awaitValue(String.format(calls, "AnalyzeShard", "OK"), result.recordShards());
    awaitValue(String.format(calls, "Recommend", "OK"), result.userShards());
    awaitValue(String.format(calls, "AnalyzeGenres", "OK"), 2);
    awaitValue(String.format(calls, "AggregateStream", "RESOURCE_EXHAUSTED"), REFUSED_BY_LIMIT);
    awaitValue(String.format(calls, "AggregateStream", "CANCELLED"), 1);
    awaitValue("music_analytics_host_refused_total{reason=\"limit\"}", REFUSED_BY_LIMIT);
    awaitValue("music_analytics_host_refused_total{reason=\"size\"}", 1);
    awaitValue("music_analytics_host_records_total{stage=\"mapreduce\"}", PLAYS);
    awaitValue("music_analytics_host_records_total{stage=\"genre\"}", PLAYS + 2 * 5);
    awaitValue("count(grpc_server_processing_duration_seconds_count{service=~\"grpc.*\"})"
        + " or vector(0)", 0);

    for (String query : dashboardQueries()) {
      JsonArray answer = awaitData(query);
      assertThat(answer).as(query).isNotEmpty();
    }
    JsonArray refusedPanel =
        awaitData("sum by (reason) (increase(music_analytics_host_refused_total[1m]))");
    assertThat(refusedPanel).hasSize(2);
    assertThat(query("music_analytics_host_calls_in_flight").get(0).getAsJsonObject()
        .getAsJsonArray("value").get(1).getAsDouble()).isZero();
  }

  private void startHost() throws IOException {
    Map<String, AnalyticsFunction<?, ?>> functions = new TreeMap<>(AnalyticsFunctions.load());
    AnalyticsFunction<?, ?> real = functions.get("analyzeGenres");
    functions.put("analyzeGenres", new AnalyticsFunction<>("analyzeGenres",
        StreamList.class, GenreAnalysisResponse.class, request -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return (GenreAnalysisResponse) real.applyUnchecked(request);
        }));
    metrics = HostMetrics.serve("127.0.0.1", 0);
    host = new AnalyticsHost(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .maxInboundMessageSize(MAX_REQUEST_BYTES), functions, new CallLimits(2, 2), metrics)
        .start();
    channel = NettyChannelBuilder.forAddress(host.addresses().get(0)).usePlaintext().build();
  }

  private void startPrometheus(Path binary) throws Exception {
    try (ServerSocket free = new ServerSocket(0)) {
      prometheusPort = free.getLocalPort();
    }
    Path config = directory.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1s\n"
        + "scrape_configs:\n  - job_name: host\n    static_configs:\n"
        + "      - targets: [\"127.0.0.1:" + metrics.port() + "\"]\n");
    prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + directory.resolve("data"),
        "--web.listen-address=127.0.0.1:" + prometheusPort)
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("prometheus.log").toFile())
        .start();
  }

  private void assertRefused(StreamList request) {
    assertThatThrownBy(() -> MapReduceServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS).aggregateStream(request))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  /** Waits until the query's single value is {@code expected}, then asserts it. */
  private void awaitValue(String query, double expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Double value = null;
    while (System.nanoTime() < deadline) {
      JsonArray result = queryOrEmpty(query);
      value = result.size() == 1
          ? result.get(0).getAsJsonObject().getAsJsonArray("value").get(1).getAsDouble() : null;
      if (value != null && value == expected) {
        return;
      }
      Thread.sleep(250);
    }
    assertThat(value).as(query + "; Prometheus's log: " + log()).isEqualTo(expected);
  }

  /** Waits (rates need two scrapes) until the query returns data, and returns it. */
  private JsonArray awaitData(String query) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonArray result = query(query);
    while (result.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(250);
      result = query(query);
    }
    return result;
  }

  private JsonArray queryOrEmpty(String query) throws InterruptedException {
    try {
      return query(query);
    } catch (IOException e) {
      return new JsonArray(); // not up yet
    }
  }

  private JsonArray query(String query) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
            + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 503) {
      throw new IOException("Prometheus is not ready yet");
    }
    JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
    assertThat(body.get("status").getAsString()).as(query + ": " + response.body())
        .isEqualTo("success");
    return body.getAsJsonObject("data").getAsJsonArray("result");
  }

  private String log() throws IOException {
    Path log = directory.resolve("prometheus.log");
    return Files.exists(log) ? Files.readString(log) : "(none)";
  }

  /** Every {@code expr} of every panel of the dashboard. */
  static List<String> dashboardQueries() throws IOException {
    JsonObject dashboard = JsonParser.parseString(Files.readString(DASHBOARD)).getAsJsonObject();
    List<String> queries = new ArrayList<>();
    for (JsonElement panel : dashboard.getAsJsonArray("panels")) {
      for (JsonElement target : panel.getAsJsonObject().getAsJsonArray("targets")) {
        queries.add(target.getAsJsonObject().get("expr").getAsString());
      }
    }
    assertThat(queries).hasSizeGreaterThanOrEqualTo(9);
    return queries;
  }

  private static Path prometheusBinary() {
    Path binary = Stream.concat(Stream.of("/usr/bin"),
            Stream.of(System.getenv().getOrDefault("PATH", "").split(":")))
        .map(dir -> Path.of(dir, "prometheus"))
        .filter(Files::isExecutable)
        .findFirst().orElse(null);
    if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
      assertThat(binary).as("prometheus is required (" + REQUIRE_VARIABLE + "=1)").isNotNull();
    }
    assumeTrue(binary != null, "prometheus is not installed");
    return binary;
  }

  private static StreamList plays(int count) {
    StreamList.Builder plays = StreamList.newBuilder();
    for (int i = 0; i < count; i++) {
      plays.addRecords(StreamRecord.newBuilder().setUserId("user" + (i % 97))
          .setSongId("song" + (i % 31)).setArtist("Artist " + (i % 13)).setDuration(180)
          .setTimestamp("2025-11-05T10:53:00").setGenre(i % 2 == 0 ? "Pop" : "Rock"));
    }
    return plays.build();
  }
}
