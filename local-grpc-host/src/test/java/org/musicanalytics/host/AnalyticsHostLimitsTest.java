package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.host.HostTesting.awaitValue;
import static org.musicanalytics.host.HostTesting.channel;
import static org.musicanalytics.host.HostTesting.shutdown;
import static org.musicanalytics.host.HostTesting.smallRequest;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;

/**
 * The call limit and the bounded pool, with a stage the test holds until it lets go: one
 * function thread, two calls in flight at most.
 */
class AnalyticsHostLimitsTest {

  private static final Metadata.Key<String> PUSHBACK =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

  private final AtomicInteger runs = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private AnalyticsHost host;
  private ManagedChannel channel;

  @BeforeEach
  void startHost() throws Exception {
    Map<String, AnalyticsFunction<?, ?>> functions = new TreeMap<>(AnalyticsFunctions.load());
    AnalyticsFunction<?, ?> real = functions.get("aggregateStream");
    functions.put("aggregateStream", new AnalyticsFunction<>("aggregateStream",
        StreamList.class, PlayCounts.class, request -> {
          runs.incrementAndGet();
          try {
            release.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return (PlayCounts) real.applyUnchecked(request);
        }));
    host = new AnalyticsHost(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        functions, new CallLimits(1, 2)).start();
    channel = channel(host.addresses().get(0));
  }

  @AfterEach
  void stopHost() throws InterruptedException {
    release.countDown();
    shutdown(channel);
    host.close();
  }

  @Test
  void shouldRefuseACallBeyondTheLimitAtOnceWithPushbackAndStillAnswerHealthChecks()
      throws Exception {
    ListenableFuture<PlayCounts> running = stub().aggregateStream(smallRequest());
    ListenableFuture<PlayCounts> waiting = stub().aggregateStream(smallRequest());
    awaitValue(runs::get, 1);
    awaitValue(host::callsInFlight, 2);

    assertThatThrownBy(() -> MapReduceServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS).aggregateStream(smallRequest()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(e.getStatus().getDescription()).isEqualTo("the host is at its limit of 2"
              + " concurrent calls (--max-concurrent-calls / HOST_MAX_CONCURRENT_CALLS);"
              + " retry after 100 ms");
          assertThat(e.getTrailers().get(PUSHBACK)).isEqualTo("100");
        });
    // Health checks are not contract calls: never refused, and the host is healthy.
    assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(host.callsInFlight()).isEqualTo(2);

    release.countDown();
    assertThat(running.get(5, TimeUnit.SECONDS).getPlayCountsMap())
        .containsEntry("Artist A - s1", 3L);
    assertThat(waiting.get(5, TimeUnit.SECONDS).getPlayCountsMap())
        .containsEntry("Artist A - s1", 3L);
    awaitValue(host::callsInFlight, 0);
    assertThat(runs).hasValue(2);
  }

  @Test
  void shouldGiveBackThePlaceOfACallWhoseDeadlinePassedAndNeverRunIt() throws Exception {
    ListenableFuture<PlayCounts> running = stub().aggregateStream(smallRequest());
    awaitValue(runs::get, 1);

    // Admitted, but waiting for the one thread until its deadline passes.
    assertThatThrownBy(() -> MapReduceServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(200, TimeUnit.MILLISECONDS).aggregateStream(smallRequest()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    awaitValue(host::callsInFlight, 1);

    release.countDown();
    running.get(5, TimeUnit.SECONDS);
    // The pool is first-in first-out: once this call has run, the expired one was taken.
    stub().aggregateStream(smallRequest()).get(5, TimeUnit.SECONDS);
    assertThat(runs).as("the expired call's stage never ran").hasValue(2);
    awaitValue(host::callsInFlight, 0);
  }

  private MapReduceServiceGrpc.MapReduceServiceFutureStub stub() {
    return MapReduceServiceGrpc.newFutureStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }
}
