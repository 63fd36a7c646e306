package org.musicanalytics.host.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.host.CallLimits;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * The metrics of a real host on loopback, read from its real endpoint: one function
 * thread and two calls in flight at most, a 4 KiB request limit, and a MapReduce stage the
 * test can hold.
 */
class HostMetricsTest {

  private static final int MAX_REQUEST_BYTES = 4096;

  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hold;
  private HostMetrics metrics;
  private AnalyticsHost host;
  private ManagedChannel channel;

  @BeforeEach
  void startHost() throws Exception {
    Map<String, AnalyticsFunction<?, ?>> functions = new TreeMap<>(AnalyticsFunctions.load());
    AnalyticsFunction<?, ?> real = functions.get("aggregateStream");
    functions.put("aggregateStream", new AnalyticsFunction<>("aggregateStream",
        StreamList.class, PlayCounts.class, request -> {
          if (hold) {
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          }
          return (PlayCounts) real.applyUnchecked(request);
        }));
    metrics = HostMetrics.serve("127.0.0.1", 0);
    host = new AnalyticsHost(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .maxInboundMessageSize(MAX_REQUEST_BYTES), functions, new CallLimits(1, 2), metrics)
        .start();
    channel = NettyChannelBuilder.forAddress(host.addresses().get(0)).usePlaintext().build();
  }

  @AfterEach
  void stopHost() throws InterruptedException {
    release.countDown();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    host.close();
    metrics.close();
  }

  @Test
  void shouldCountCallsRecordsAndRefusalsButNotHealthChecks() throws Exception {
    for (int i = 0; i < 3; i++) {
      stub().aggregateStream(plays(7));
    }
    assertThatThrownBy(() -> stub().aggregateStream(plays(200)))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    // The refused calls' slots are released when the transport has closed them: wait for
    // that, so that both calls below are admitted.
    awaitInFlight(0);
    hold = true;
    MapReduceServiceGrpc.MapReduceServiceFutureStub future =
        MapReduceServiceGrpc.newFutureStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    ListenableFuture<PlayCounts> running = future.aggregateStream(plays(1));
    ListenableFuture<PlayCounts> waiting = future.aggregateStream(plays(1));
    awaitInFlight(2);
    String busy = scrape();
    assertThat(value(busy, "music_analytics_host_calls_in_flight")).isEqualTo(2);
    assertThat(value(busy, "executor_queued_tasks{name=\"host-functions\"}")).isEqualTo(1);
    assertThatThrownBy(() -> stub().aggregateStream(plays(1)))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    release.countDown();
    running.get(5, TimeUnit.SECONDS);
    waiting.get(5, TimeUnit.SECONDS);
    HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
    awaitInFlight(0);

    String text = scrape();
    String calls = "grpc_server_processing_duration_seconds_count{method=\"AggregateStream\","
        + "methodType=\"UNARY\",service=\"music.MapReduceService\",statusCode=";
    assertThat(value(text, calls + "\"OK\"}")).isEqualTo(5);
    assertThat(value(text, calls + "\"RESOURCE_EXHAUSTED\"}")).as("the refusal by the limit")
        .isEqualTo(1);
    // The transport cancels an oversize call before the service sees its request.
    assertThat(value(text, calls + "\"CANCELLED\"}")).as("the refusal by size").isEqualTo(1);
    assertThat(value(text, "music_analytics_host_records_total{stage=\"mapreduce\"}"))
        .isEqualTo(3 * 7 + 2);
    assertThat(value(text, "music_analytics_host_refused_total{reason=\"limit\"}")).isEqualTo(1);
    assertThat(value(text, "music_analytics_host_refused_total{reason=\"size\"}")).isEqualTo(1);
    assertThat(text).doesNotContain("grpc.health").doesNotContain("Reflection");
    assertThat(text).contains("jvm_memory_used_bytes{area=\"heap\"", "jvm_threads_live_threads",
        "grpc_server_processing_duration_seconds_bucket{");
  }

  @Test
  void shouldRejectAMetricsPortThatIsNoPort() {
    assertThat(HostMetrics.port(" 9464 ", "--metrics-port")).isEqualTo(9464);
    assertThat(HostMetrics.port("0", "--metrics-port")).isZero();
    assertThatThrownBy(() -> HostMetrics.port("70000", HostMetrics.PORT_VARIABLE))
        .hasMessage("HOST_METRICS_PORT must be a port number from 0 (off) to 65535,"
            + " was \"70000\"");
  }

  private MapReduceServiceGrpc.MapReduceServiceBlockingStub stub() {
    return MapReduceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private String scrape() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + metrics.port() + HostMetrics.PATH)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private void awaitInFlight(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (host.callsInFlight() != expected && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(host.callsInFlight()).isEqualTo(expected);
  }

  private static StreamList plays(int count) {
    StreamList.Builder request = StreamList.newBuilder();
    for (int i = 0; i < count; i++) {
      request.addRecords(StreamRecord.newBuilder().setUserId("u" + i).setSongId("s" + i)
          .setArtist("Artist " + i).setDuration(100).setTimestamp("2025-11-05T10:53:00")
          .setGenre("Pop"));
    }
    return request.build();
  }

  /** The value of the sample whose name and labels are exactly {@code series}. */
  private static double value(String text, String series) {
    Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    assertThat(sample.find()).as(series + " in\n" + text).isTrue();
    return Double.parseDouble(sample.group(1));
  }
}
