package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.grpc.GrpcStages;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.host.ChildJvm;
import org.musicanalytics.host.HostCommand;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;

/**
 * {@code run --target grpc} against hosts that fail the way production ones do, all on
 * loopback: a host killed mid-run and restarted on its port, a stage slower than the
 * call timeout, a host shedding load with {@code grpc-retry-pushback-ms}, and one refusing
 * an oversize message (not to be retried).
 */
class GrpcFaultsIntegrationTest {

  @TempDir
  static Path shared;

  @TempDir
  Path directory;

  private static Path input;
  private static JsonObject embedded;

  @BeforeAll
  static void generateAndRunEmbedded() throws IOException {
    input = CliRun.generate(shared.resolve("plays.csv"), 40_000, 5);
    Path results = shared.resolve("embedded");
    CliRun run = CliRun.run("run", "--quiet", "--input", input.toString(), "--results",
        results.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    embedded = CliRun.readResults(results);
  }

  private Path results() {
    return directory.resolve("results");
  }

  private CliRun grpc(String address, String... more) throws IOException {
    // An earlier run's file, which a failed run leaves as it is.
    Files.createDirectories(results());
    Files.writeString(results().resolve("run_grpc_metrics.json"), "{\"earlier\":true}");
    List<String> args = new ArrayList<>(List.of("run", "--quiet", "--input", input.toString(),
        "--results", results().toString(), "--target", "grpc",
        "--mapreduce-address", address, "--userbehavior-address", address,
        "--genre-address", address, "--recommendation-address", address));
    args.addAll(List.of(more));
    return CliRun.run(Map.of(), args.toArray(String[]::new));
  }

  private void assertFailedWithoutResults(CliRun run, String expectedStart) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).as(run.toString()).startsWith(expectedStart).hasLineCount(1);
    assertThat(results().resolve("run_grpc_metrics.json")).hasContent("{\"earlier\":true}");
    assertThat(results().resolve("runs")).isEmptyDirectory();
  }

  @Test
  void shouldRetryThroughAHostKilledMidRunAndRestartedOnItsPort() throws Exception {
    int port = freePort();
    ChildJvm first = startHost(port);
    ChildJvm second = null;
    try {
      first.awaitOutput("listening on", 1);
      // Small shards, one at a time: a long row of calls to cut into.
      CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> {
        try {
          return grpc("127.0.0.1:" + port, "--shard-bytes", "16384", "--concurrency", "1",
              "--retries", "40", "--retry-delay", "0.1", "--retry-max-delay", "0.5",
              "--call-timeout", "60");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      first.awaitOutput("AnalyzeShard", 20);
      first.close(); // SIGKILL: no drain, no goodbye, connections dropped
      second = restartHost(port);

      CliRun finished = run.get(60, TimeUnit.SECONDS);

      assertThat(finished.exitCode()).as(finished.toString()).isZero();
      // The run went on on the new host: the kill came mid-run.
      second.awaitOutput("AnalyzeShard", 1);
      JsonObject actual = CliRun.readResults(results());
      assertThat(actual.getAsJsonObject("performance").getAsJsonObject("shards")
          .get("records").getAsInt()).isGreaterThan(20);
      assertThat(CliRun.comparable(actual, "target"))
          .isEqualTo(CliRun.comparable(embedded, "target"));
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  @Test
  void shouldFailNamingStageAndShardWhenAStageIsSlowerThanTheDeadline() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch stop = new CountDownLatch(1);
    // Counted as they arrive, before their message is read: a loaded machine may not read
    // it all before the deadline.
    ServerInterceptor counting = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call,
          Metadata headers, ServerCallHandler<Q, R> next) {
        calls.incrementAndGet();
        return next.startCall(call, headers);
      }
    };
    Server slow = NettyServerBuilder.forAddress(new InetSocketAddress(loopback(), 0))
        .intercept(counting)
        .addService(new MapReduceServiceGrpc.MapReduceServiceImplBase() {
          @Override
          public void aggregateStream(StreamList request,
              StreamObserver<PlayCounts> responseObserver) {
            try {
              stop.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            responseObserver.onNext(PlayCounts.getDefaultInstance());
            responseObserver.onCompleted();
          }
        })
        .build().start();
    try {
      String address = "127.0.0.1:" + slow.getPort();
      CliRun run = grpc(address, "--no-fused", "--concurrency", "1", "--shard-bytes", "65536",
          "--call-timeout", "1");

      assertFailedWithoutResults(run, "music-analytics run: MapReduce stage failed (gRPC "
          + address + ", shard 1 (records 1-");
      assertThat(run.err()).containsPattern("shard 1 \\(records 1-[0-9]+\\)\\): "
          + "DEADLINE_EXCEEDED: ");
      assertThat(run.err()).contains("(the call timeout of 1 s, --call-timeout, covers "
          + "the call and its retries)");
      assertThat(calls.get()).as("a call past its deadline is not retried").isOne();
    } finally {
      stop.countDown();
      slow.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldRetryLoadSheddingRejectionsAfterTheirPushback() throws Exception {
    AtomicInteger rejected = new AtomicInteger();
    try (AnalyticsHost host = hostRejecting(3, "100", rejected)) {
      String address = "127.0.0.1:" + host.addresses().get(0).getPort();

      CliRun run = grpc(address, "--retries", "5", "--retry-delay", "0.01");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(rejected.get()).isEqualTo(3);
      assertThat(CliRun.comparable(CliRun.readResults(results()), "target"))
          .isEqualTo(CliRun.comparable(embedded, "target"));
    }
  }

  @Test
  void shouldNotRetryAResourceExhaustedWithoutPushback() throws Exception {
    AtomicInteger rejected = new AtomicInteger();
    try (AnalyticsHost host = hostRejecting(Integer.MAX_VALUE, null, rejected)) {
      String address = "127.0.0.1:" + host.addresses().get(0).getPort();

      CliRun run = grpc(address, "--retries", "5", "--retry-delay", "0.01");

      assertFailedWithoutResults(run, "music-analytics run: ShardAnalysis (MapReduce, "
          + "UserBehavior, GenreAnalysis in one call) stage failed (gRPC " + address
          + ", asking for the fused call, before the first shard): RESOURCE_EXHAUSTED: "
          + "message over the limit");
      assertThat(rejected.get()).isOne();
    }
  }

  /**
   * The real host on loopback, rejecting its first {@code count} stage calls with
   * {@code RESOURCE_EXHAUSTED}, with {@code pushbackMillis} as the pushback trailer if
   * not null.
   */
  private static AnalyticsHost hostRejecting(int count, String pushbackMillis,
      AtomicInteger rejected) throws IOException {
    Metadata.Key<String> pushback =
        Metadata.Key.of(GrpcStages.PUSHBACK_HEADER, Metadata.ASCII_STRING_MARSHALLER);
    ServerInterceptor shedding = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call,
          Metadata headers, ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().getServiceName().startsWith("music.")
            && rejected.get() < count) {
          rejected.incrementAndGet();
          Metadata trailers = new Metadata();
          if (pushbackMillis != null) {
            trailers.put(pushback, pushbackMillis);
          }
          call.close(Status.RESOURCE_EXHAUSTED.withDescription(pushbackMillis != null
              ? "too many calls in flight" : "message over the limit"), trailers);
          return new ServerCall.Listener<Q>() {};
        }
        return next.startCall(call, headers);
      }
    };
    return new AnalyticsHost(NettyServerBuilder.forAddress(new InetSocketAddress(loopback(), 0))
        .intercept(shedding), AnalyticsFunctions.load()).start();
  }

  private static InetAddress loopback() {
    return InetAddress.getLoopbackAddress();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
      return socket.getLocalPort();
    }
  }

  /** {@code music-analytics host} in a child JVM, its MapReduce port fixed. */
  private static ChildJvm startHost(int port) throws IOException {
    return ChildJvm.start(List.of(), HostCommand.class, "--bind", "127.0.0.1",
        "--mapreduce-port", Integer.toString(port), "--userbehavior-port", "0",
        "--genre-port", "0", "--recommendation-port", "0", "--metrics-port", "0");
  }

  /**
   * A host on {@code port} again, once it is listening: tried again for a while if the
   * port is not free yet (connections of the killed host may linger on it).
   */
  private static ChildJvm restartHost(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      ChildJvm host = startHost(port);
      while (host.process().isAlive() && host.count("listening on") == 0
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      if (host.count("listening on") > 0) {
        return host;
      }
      host.close();
      assertThat(System.nanoTime()).as("no restart on port %d: %s", port, host)
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
