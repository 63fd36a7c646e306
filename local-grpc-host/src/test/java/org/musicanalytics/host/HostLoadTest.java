package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.musicanalytics.counting.RandomPlays;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.proto.GenreAnalysisServiceGrpc;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationServiceGrpc;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserBehaviorServiceGrpc;
import org.musicanalytics.proto.UserStatsList;

/**
 * Many clients at once against one host with a small call limit, on loopback: every
 * answer is the function's own, the only errors are the documented refusals (load shed
 * with a pushback trailer, retried after it; requests above the size limit, without one),
 * and memory and the calls in flight come back to where they were.
 */
class HostLoadTest {

  private static final int CLIENTS = 24;
  private static final int CALLS_PER_CLIENT = 12;
  private static final int LIMIT_BYTES = 256 * 1024;
  private static final int MAX_ATTEMPTS = 300;
  private static final Metadata.Key<String> PUSHBACK =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);
  private static final Map<String, AnalyticsFunction<?, ?>> REAL = AnalyticsFunctions.load();

  private static AnalyticsHost host;
  private static final List<ManagedChannel> channels = new ArrayList<>();

  private final AtomicInteger shed = new AtomicInteger();
  private final AtomicInteger oversize = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void startHost() throws Exception {
    HostLogging.setLevel(Level.WARNING); // a line per call is noise here
    host = AnalyticsHost.start(HostConfig.ephemeral().withMaxInboundMessageBytes(LIMIT_BYTES)
        .withCallLimits(new CallLimits(2, 4)));
    for (int i = 0; i < CLIENTS; i++) {
      // One connection per client, spread over the host's four addresses.
      channels.add(NettyChannelBuilder.forAddress(host.addresses().get(i % 4))
          .usePlaintext().maxInboundMessageSize(64 * 1024 * 1024).build());
    }
  }

  @AfterAll
  static void stopHost() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      HostTesting.shutdown(channel);
    }
    host.close();
    HostLogging.setLevel(null); // inherit again
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a performance bound
  void shouldAnswerEveryCallCorrectlyUnderLoadWithOnlyDocumentedRefusals() throws Exception {
    round(3, 1);
    long warm = usedHeapAfterGc();
    shed.set(0);
    oversize.set(0);
    answered.set(0);

    round(CALLS_PER_CLIENT, 2);

    assertThat(errors).as("errors other than the documented refusals").isEmpty();
    assertThat(answered.get() + oversize.get()).isEqualTo(CLIENTS * CALLS_PER_CLIENT);
    assertThat(oversize.get()).as("requests above the size limit").isPositive();
    assertThat(shed.get()).as("calls refused for load, then retried").isPositive();
    HostTesting.awaitValue(host::callsInFlight, 0);
    long after = usedHeapAfterGc();
    System.out.printf("load: %d answered, %d refused for load and retried, %d oversize;"
        + " used heap after GC %d MiB warm, %d MiB after%n", answered.get(), shed.get(),
        oversize.get(), warm >> 20, after >> 20);
    assertThat(after).as("used heap after GC, bytes; warm: %d", warm)
        .isLessThan(warm + 64L * 1024 * 1024);
  }

  /** Every client makes {@code calls} calls at once with the others. */
  private void round(int calls, long seed) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Callable<Void>> work = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        ManagedChannel channel = channels.get(c);
        Random random = new Random(seed * 1000 + c);
        work.add(() -> {
          for (int i = 0; i < calls; i++) {
            oneCall(channel, random);
          }
          return null;
        });
      }
      for (Future<Void> done : clients.invokeAll(work)) {
        done.get();
      }
    } finally {
      clients.shutdownNow();
    }
  }

  /** A request of a random size (one in eight above the limit) to a random stage. */
  private void oneCall(ManagedChannel channel, Random random) throws InterruptedException {
    StreamList plays = random.nextInt(8) == 0 ? oversize(random)
        : StreamList.newBuilder().addAllRecords(
            RandomPlays.plays(random, new int[] {5, 50, 500, 3000}[random.nextInt(4)])).build();
    switch (random.nextInt(4)) {
      case 0 -> check(channel, plays, "aggregateStream",
          (ch, p) -> MapReduceServiceGrpc.newBlockingStub(ch)
              .withDeadlineAfter(20, TimeUnit.SECONDS).aggregateStream(p));
      case 1 -> check(channel, plays, "analyzeUsers",
          (ch, p) -> UserBehaviorServiceGrpc.newBlockingStub(ch)
              .withDeadlineAfter(20, TimeUnit.SECONDS).analyzeUsers(p));
      case 2 -> check(channel, plays, "analyzeGenres",
          (ch, p) -> GenreAnalysisServiceGrpc.newBlockingStub(ch)
              .withDeadlineAfter(20, TimeUnit.SECONDS).analyzeGenres(p));
      default -> {
        RecommendationRequest request = RecommendationRequest.newBuilder()
            .setPlayCounts((PlayCounts) REAL.get("aggregateStream").applyUnchecked(plays))
            .setUserStats((UserStatsList) REAL.get("analyzeUsers").applyUnchecked(plays))
            .build();
        check(channel, request, "recommend",
            (ch, r) -> RecommendationServiceGrpc.newBlockingStub(ch)
                .withDeadlineAfter(20, TimeUnit.SECONDS).recommend(r));
      }
    }
  }

  /**
   * Calls until answered: a refusal for load is retried after its pushback; an answer must
   * be what the function gives when called directly.
   */
  private <R extends Message> void check(ManagedChannel channel, R request, String function,
      BiFunction<ManagedChannel, R, Message> call) throws InterruptedException {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        Message answer = call.apply(channel, request);
        Message expected = REAL.get(function).applyUnchecked(request);
        if (!untimed(answer).equals(untimed(expected))) {
          errors.add(function + ": the answer differs from the function's");
        }
        answered.incrementAndGet();
        return;
      } catch (StatusRuntimeException e) {
        Status status = e.getStatus();
        String pushback = e.getTrailers() == null ? null : e.getTrailers().get(PUSHBACK);
        if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED && pushback != null) {
          shed.incrementAndGet();
          Thread.sleep(Long.parseLong(pushback));
        } else if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED
            && request.getSerializedSize() > LIMIT_BYTES
            && String.valueOf(status.getDescription()).contains(Integer.toString(LIMIT_BYTES))) {
          oversize.incrementAndGet();
          return;
        } else {
          errors.add(function + " (" + request.getSerializedSize() + " bytes): " + status);
          return;
        }
      }
    }
    errors.add(function + ": still refused for load after " + MAX_ATTEMPTS + " attempts");
  }

  /** Plays just above the size limit. */
  private static StreamList oversize(Random random) {
    StreamList.Builder plays = StreamList.newBuilder();
    while (plays.build().getSerializedSize() <= LIMIT_BYTES) {
      for (StreamRecord play : RandomPlays.plays(random, 2000)) {
        plays.addRecords(play);
      }
    }
    return plays.build();
  }

  private static Message untimed(Message message) {
    Message.Builder builder = message.toBuilder();
    FieldDescriptor time = builder.getDescriptorForType().findFieldByName("processing_time");
    if (time != null) {
      builder.clearField(time);
    }
    return builder.build();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
