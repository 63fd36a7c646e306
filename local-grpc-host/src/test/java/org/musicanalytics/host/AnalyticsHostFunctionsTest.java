package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.host.HostTesting.channel;
import static org.musicanalytics.host.HostTesting.shutdown;
import static org.musicanalytics.host.HostTesting.smallRequest;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;

/** The host with its functions chosen by the test, through the injecting constructor. */
class AnalyticsHostFunctionsTest {

  private static final Map<String, AnalyticsFunction<?, ?>> REAL = AnalyticsFunctions.load();

  @Test
  void shouldFindTheContractFunctionsOnTheClassPath() {
    assertThat(REAL).containsOnlyKeys(
        "aggregateStream", "analyzeUsers", "analyzeGenres", "recommend", "analyzeShard",
        "countCoListening", "recommendFromListening");
  }

  @Test
  void shouldMapAnUnexpectedExceptionToInternalWithoutLeakingIt() throws Exception {
    Map<String, AnalyticsFunction<?, ?>> functions = replacing(aggregateStream(request -> {
      throw new IllegalStateException("secret detail: jdbc://db.internal:5432");
    }));

    try (HostTesting.LogCapture log = new HostTesting.LogCapture();
        AnalyticsHost host = onLoopback(functions)) {
      ManagedChannel channel = channel(host.addresses().get(0));
      try {
        assertThatThrownBy(() ->
            MapReduceServiceGrpc.newBlockingStub(channel).aggregateStream(smallRequest()))
            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("internal error in music.MapReduceService/AggregateStream;"
                      + " the host's log has the details");
              assertThat(e.getStatus().getCause()).isNull();
              assertThat(e.getTrailers().keys()).noneMatch(k -> k.contains("bin"));
              assertThat(e.toString()).doesNotContain("secret", "IllegalStateException");
            });
      } finally {
        shutdown(channel);
      }

      LogRecord failure = log.records().stream().filter(r -> r.getThrown() != null)
          .findFirst().orElseThrow();
      assertThat(failure.getLevel()).isEqualTo(Level.SEVERE);
      assertThat(failure.getThrown()).hasMessageContaining("secret detail");
      assertThat(log.awaitCallLines(1)).singleElement().asString()
          .contains("status=INTERNAL");
    }
  }

  @Test
  void shouldAnswerResourceExhaustedWhenAFunctionRunsOutOfMemoryAndServeOn() throws Exception {
    AnalyticsFunction<?, ?> real = REAL.get("aggregateStream");
    AtomicInteger calls = new AtomicInteger();
    Map<String, AnalyticsFunction<?, ?>> functions = replacing(aggregateStream(request -> {
      if (calls.incrementAndGet() == 1) {
        throw new OutOfMemoryError("Java heap space");
      }
      return (PlayCounts) real.applyUnchecked(request);
    }));

    try (AnalyticsHost host = onLoopback(functions)) {
      ManagedChannel channel = channel(host.addresses().get(0));
      try {
        MapReduceServiceGrpc.MapReduceServiceBlockingStub stub =
            MapReduceServiceGrpc.newBlockingStub(channel);
        assertThatThrownBy(() -> stub.aggregateStream(smallRequest()))
            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getStatus().getDescription())
                  .startsWith("out of memory in music.MapReduceService/AggregateStream"
                      + " (function 'aggregateStream') (the heap limit is ")
                  .contains("--shard-bytes", "-Xmx");
            });

        assertThat(stub.aggregateStream(smallRequest()).getPlayCountsMap())
            .as("the next call is served").containsEntry("Artist A - s1", 3L);
      } finally {
        shutdown(channel);
      }
    }
  }

  @Test
  void shouldFailToStartNamingTheMethodWithoutAFunction() {
    Map<String, AnalyticsFunction<?, ?>> functions = new TreeMap<>(REAL);
    functions.remove("recommend");

    assertThatThrownBy(() -> new AnalyticsHost(InProcessServerBuilder.forName("unused"),
        functions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'recommend'")
        .hasMessageContaining("music.RecommendationService/Recommend");
  }

  @Test
  void shouldFailToStartWhenAFunctionHasTheWrongTypes() {
    Map<String, AnalyticsFunction<?, ?>> functions = replacing(new AnalyticsFunction<>(
        "aggregateStream", StreamList.class, GenreAnalysisResponse.class,
        request -> GenreAnalysisResponse.getDefaultInstance()));

    assertThatThrownBy(() -> new AnalyticsHost(InProcessServerBuilder.forName("unused"),
        functions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'aggregateStream'")
        .hasMessageContaining(GenreAnalysisResponse.class.getName())
        .hasMessageContaining(PlayCounts.class.getName());
  }

  @Test
  void shouldLetAnInFlightCallFinishWhenClosing() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Map<String, AnalyticsFunction<?, ?>> functions = replacing(held(entered, release));
    AnalyticsHost host = onLoopback(functions);
    ManagedChannel channel = channel(host.addresses().get(0));
    try {
      ListenableFuture<PlayCounts> inFlight =
          MapReduceServiceGrpc.newFutureStub(channel).aggregateStream(smallRequest());
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

      Thread closing = new Thread(host::close);
      closing.start();
      awaitRefused(channel);
      assertThat(closing.isAlive()).as("close waits for the call in flight").isTrue();

      release.countDown();
      assertThat(inFlight.get(5, TimeUnit.SECONDS).getPlayCountsMap())
          .containsEntry("Artist A - s1", 3L);
      closing.join(5_000);
      assertThat(closing.isAlive()).isFalse();
    } finally {
      release.countDown();
      shutdown(channel);
      host.close();
    }
  }

  @Test
  void shouldTurnHealthNotServingBeforeDrainingTheCallsInFlight() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AnalyticsHost host = onLoopback(replacing(held(entered, release)));
    ManagedChannel channel = channel(host.addresses().get(0));
    // What a load balancer does: watch the server's health.
    HostTesting.HealthWatch watch = new HostTesting.HealthWatch(channel);
    try {
      assertThat(watch.next()).isEqualTo(ServingStatus.SERVING);
      ListenableFuture<PlayCounts> inFlight =
          MapReduceServiceGrpc.newFutureStub(channel).aggregateStream(smallRequest());
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

      Thread closing = new Thread(host::close);
      closing.start();

      assertThat(watch.next()).isEqualTo(ServingStatus.NOT_SERVING);
      assertThat(inFlight.isDone()).as("the call in flight is still running").isFalse();
      watch.close(); // a load balancer would now send calls elsewhere
      release.countDown();
      assertThat(inFlight.get(5, TimeUnit.SECONDS).getPlayCountsMap())
          .containsEntry("Artist A - s1", 3L);
      closing.join(5_000);
      assertThat(closing.isAlive()).isFalse();
    } finally {
      release.countDown();
      watch.close();
      shutdown(channel);
      host.close();
    }
  }

  @Test
  void shouldServeThroughAnInjectedInProcessServer() throws Exception {
    String name = InProcessServerBuilder.generateName();
    try (AnalyticsHost host =
        new AnalyticsHost(InProcessServerBuilder.forName(name), REAL).start()) {
      ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
      try {
        assertThat(MapReduceServiceGrpc.newBlockingStub(channel).aggregateStream(smallRequest())
            .getPlayCountsMap()).containsEntry("Artist B - s2", 1L);
        assertThat(host.addresses()).isEmpty();
      } finally {
        shutdown(channel);
      }
    }
  }

  @Test
  void shouldLogTheRpcToFunctionTableAtStartOneLinePerRpc() throws Exception {
    try (HostTesting.LogCapture log = new HostTesting.LogCapture();
        AnalyticsHost host = new AnalyticsHost(
            InProcessServerBuilder.forName(InProcessServerBuilder.generateName()), REAL)) {
      assertThat(log.messages()).noneMatch(m -> m.startsWith("rpc "));

      host.start();

      List<LogRecord> table = log.records().stream()
          .filter(r -> r.getMessage().startsWith("rpc ")).toList();
      assertThat(table).extracting(LogRecord::getMessage).containsExactly(
          "rpc music.MapReduceService/AggregateStream -> function aggregateStream",
          "rpc music.UserBehaviorService/AnalyzeUsers -> function analyzeUsers",
          "rpc music.GenreAnalysisService/AnalyzeGenres -> function analyzeGenres",
          "rpc music.RecommendationService/Recommend -> function recommend",
          "rpc music.ShardAnalysisService/AnalyzeShard -> function analyzeShard",
          "rpc music.LearnedRecommendationService/CountCoListening -> function countCoListening",
          "rpc music.LearnedRecommendationService/RecommendFromListening"
              + " -> function recommendFromListening");
      assertThat(table).allSatisfy(r -> {
        assertThat(r.getLevel()).isEqualTo(Level.INFO);
        assertThat(r.getLoggerName()).startsWith(HostLogging.LOGGER_NAME + ".");
      });
    }
  }

  /** Waits until the host refuses new calls, as it does once shutting down. */
  private static void awaitRefused(ManagedChannel channel) throws InterruptedException {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try {
        health.withDeadlineAfter(1, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        return;
      }
      assertThat(System.nanoTime()).as("host still accepts calls").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static AnalyticsHost onLoopback(Map<String, AnalyticsFunction<?, ?>> functions)
      throws IOException {
    return new AnalyticsHost(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), functions)
        .start();
  }

  /** The real aggregateStream, but it signals {@code entered} and waits for {@code release}. */
  private static AnalyticsFunction<StreamList, PlayCounts> held(CountDownLatch entered,
      CountDownLatch release) {
    AnalyticsFunction<?, ?> real = REAL.get("aggregateStream");
    return aggregateStream(request -> {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return (PlayCounts) real.applyUnchecked(request);
    });
  }

  private static AnalyticsFunction<StreamList, PlayCounts> aggregateStream(
      Function<StreamList, PlayCounts> function) {
    return new AnalyticsFunction<>("aggregateStream", StreamList.class, PlayCounts.class,
        function);
  }

  private static Map<String, AnalyticsFunction<?, ?>> replacing(
      AnalyticsFunction<?, ?> function) {
    Map<String, AnalyticsFunction<?, ?>> functions = new TreeMap<>(REAL);
    functions.put(function.name(), function);
    return functions;
  }
}
