package org.musicanalytics.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.EncodedPlays;
import org.musicanalytics.counting.FuzzInputs;
import org.musicanalytics.counting.RandomPlays;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.recommendation.RecommendationShards;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.host.WireBytes;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStatsList;

/**
 * Fuzzes every stage's request decoding with seeded hostile requests: random bytes, random
 * messages of the request type, and mutations of valid requests.
 *
 * <p>The reference is the generated parser, then the pure function. Every request must get
 * what that path gives, by every way the host decodes it (the functions' plain and wire
 * forms, and a real host on loopback): the same answer, the same
 * {@link InvalidRequestException} naming the field, or a refusal; never another exception,
 * a hang or the {@code INTERNAL} of a failing stage. A failure names the seed and case.
 * More cases per seed: {@code -D}{@value FuzzInputs#CASES_PROPERTY}{@code =20000}.
 */
class RequestDecodingFuzzTest {

  /** Fixed seeds: a failure message names the seed and the case. */
  private static final long[] SEEDS = {1L, 20261127L, 0x5EED_F00DL};

  private static final int FUNCTION_CASES = FuzzInputs.cases(400);
  private static final int CALL_CASES = Math.max(1, FuzzInputs.cases(400) / 8);

  /** A hang guard per seed: generous, since a case takes well under a millisecond. */
  private static final Duration SEED_LIMIT = Duration.ofSeconds(60);

  private static final Map<String, AnalyticsFunction<?, ?>> FUNCTIONS = AnalyticsFunctions.load();

  private static AnalyticsHost realHost;
  private static AnalyticsHost plainHost;
  private static ManagedChannel realChannel;
  private static ManagedChannel plainChannel;

  @BeforeAll
  static void start() throws IOException {
    Map<String, AnalyticsFunction<?, ?>> plain = new TreeMap<>();
    FUNCTIONS.forEach((name, function) -> plain.put(name, withoutWireForm(function)));
    realHost = new AnalyticsHost(loopback(), FUNCTIONS).start();
    plainHost = new AnalyticsHost(loopback(), plain).start();
    realChannel = channel(realHost);
    plainChannel = channel(plainHost);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (ManagedChannel channel : List.of(realChannel, plainChannel)) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    realHost.close();
    plainHost.close();
  }

  @Test
  void shouldDecodeEveryHostileRequestAsTheGeneratedParserInEveryFunction() {
    assertThat(FUNCTIONS).containsKeys("aggregateStream", "analyzeGenres", "analyzeShard",
        "analyzeUsers", "recommend");
    Map<String, int[]> outcomes = new TreeMap<>();
    for (long seed : SEEDS) {
      assertTimeoutPreemptively(SEED_LIMIT, () -> {
        Random random = new Random(seed);
        for (int trial = 0; trial < FUNCTION_CASES; trial++) {
          for (AnalyticsFunction<?, ?> function : FUNCTIONS.values()) {
            byte[] request = hostileRequest(random, function);
            Outcome outcome = checkFunction(function, request, "seed " + seed + " case " + trial);
            outcomes.computeIfAbsent(function.name(), n -> new int[3])[outcome.kind()]++;
          }
        }
      }, () -> "seed " + seed + " hung");
    }
    // Not a degenerate fuzz: every stage answered, rejected and refused some requests.
    outcomes.forEach((name, counts) ->
        assertThat(counts).as(name + ": answers, rejections, unparseable").doesNotContain(0));
  }

  @Test
  void shouldAnswerEveryHostileCallAsTheGeneratedCodePath() {
    for (long seed : SEEDS) {
      assertTimeoutPreemptively(SEED_LIMIT, () -> {
        Random random = new Random(seed);
        for (int trial = 0; trial < CALL_CASES; trial++) {
          for (MethodDescriptor<?, ?> method : contractMethods()) {
            AnalyticsFunction<?, ?> function =
                FUNCTIONS.get(FunctionBinding.functionName(method));
            byte[] request = hostileRequest(random, function);
            checkCall(method, function, request,
                "seed " + seed + " case " + trial + " " + method.getFullMethodName());
          }
        }
      }, () -> "seed " + seed + " hung");
    }
  }

  /** One of the kinds of hostile request, for {@code function}'s request type. */
  private static byte[] hostileRequest(Random random, AnalyticsFunction<?, ?> function) {
    Message prototype = prototype(function.requestType());
    byte[] valid = validRequest(random, prototype);
    return switch (random.nextInt(6)) {
      case 0 -> FuzzInputs.randomBytes(random, 64);
      case 1 -> FuzzInputs.randomMessage(random, prototype, 6, 3).toByteArray();
      case 2 -> FuzzInputs.mutate(random,
          FuzzInputs.randomMessage(random, prototype, 6, 3).toByteArray(), valid);
      case 3 -> valid;
      default -> FuzzInputs.mutate(random, valid,
          FuzzInputs.randomMessage(random, prototype, 4, 3).toByteArray());
    };
  }

  /**
   * A request the stage accepts (mostly): random plays, or a recommendation request made
   * of their summaries.
   */
  private static byte[] validRequest(Random random, Message prototype) {
    List<StreamRecord> plays = RandomPlays.plays(random, 20);
    if (prototype instanceof StreamList) {
      return EncodedPlays.encode(random, plays);
    }
    StreamList list = StreamList.newBuilder().addAllRecords(plays).build();
    PlayCounts counts = (PlayCounts) FUNCTIONS.get("aggregateStream").applyUnchecked(list);
    UserStatsList users = (UserStatsList) FUNCTIONS.get("analyzeUsers").applyUnchecked(list);
    RecommendationRequest request = random.nextBoolean()
        ? RecommendationRequest.newBuilder().setPlayCounts(counts).setUserStats(users).build()
        : RecommendationShards.request(counts, users.getUserStatsList());
    return request.toByteArray();
  }

  /** What the plain generated-code path gives: an answer, a rejection, or unparseable bytes. */
  private record Outcome(Message answer, InvalidRequestException invalid) {

    static final Outcome UNPARSEABLE = new Outcome(null, null);

    /** 0 an answer, 1 a rejection, 2 unparseable. */
    int kind() {
      return answer != null ? 0 : invalid != null ? 1 : 2;
    }

    static Outcome of(AnalyticsFunction<?, ?> function, byte[] request, String what) {
      Message parsed = FuzzInputs.parseOrNull(prototype(function.requestType()), request);
      if (parsed == null) {
        return UNPARSEABLE;
      }
      try {
        return new Outcome(FuzzInputs.untimed(function.applyUnchecked(parsed)), null);
      } catch (InvalidRequestException e) {
        assertNamesField(e, what);
        return new Outcome(null, e);
      } catch (RuntimeException e) {
        throw new AssertionError(what + ": " + function.name()
            + " failed on a parsed request with " + e + "; request " + parsed, e);
      }
    }
  }

  private static Outcome checkFunction(AnalyticsFunction<?, ?> function, byte[] request,
      String what) {
    Outcome expected = Outcome.of(function, request, what);
    if (function.wireForm() == null) {
      return expected;
    }
    String where = what + " " + function.name() + " wire form";
    byte[] answer;
    try {
      answer = function.wireForm().apply(request);
    } catch (InvalidProtocolBufferException e) {
      assertThat(expected).as(where + ": refused bytes the generated parser reads ("
          + e.getMessage() + "): " + hex(request)).isSameAs(Outcome.UNPARSEABLE);
      return expected;
    } catch (InvalidRequestException e) {
      assertThat(expected.invalid()).as(where + ": rejected " + e.getMessage()).isNotNull();
      assertThat(e.getMessage()).as(where).isEqualTo(expected.invalid().getMessage());
      return expected;
    } catch (RuntimeException e) {
      throw new AssertionError(where + " failed with " + e, e);
    }
    assertThat(expected.answer()).as(where + ": answered what the plain path "
        + (expected.invalid() != null ? "rejects: " + expected.invalid().getMessage()
            : "cannot parse")).isNotNull();
    Message parsed = FuzzInputs.parseOrNull(prototype(function.responseType()), answer);
    assertThat(parsed).as(where + ": the answer does not parse").isNotNull();
    assertThat(FuzzInputs.untimed(parsed)).as(where).isEqualTo(expected.answer());
    return expected;
  }

  private static void checkCall(MethodDescriptor<?, ?> method, AnalyticsFunction<?, ?> function,
      byte[] request, String what) {
    Outcome expected = Outcome.of(function, request, what);
    Object real = call(realChannel, method, request);
    Object plain = call(plainChannel, method, request);
    if (expected.answer() != null) {
      assertThat(real).as(what).isInstanceOf(Message.class);
      assertThat(FuzzInputs.untimed((Message) real)).as(what).isEqualTo(expected.answer());
      assertThat(FuzzInputs.untimed((Message) plain)).as(what).isEqualTo(expected.answer());
      return;
    }
    assertThat(real).as(what + ": answered a bad request").isInstanceOf(Status.class);
    assertThat(plain).as(what + ": answered a bad request").isInstanceOf(Status.class);
    Status realStatus = (Status) real;
    Status plainStatus = (Status) plain;
    assertThat(realStatus.getCode()).as(what).isEqualTo(plainStatus.getCode());
    if (expected.invalid() != null) {
      assertThat(realStatus.getCode()).as(what).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(realStatus.getDescription()).as(what)
          .isEqualTo(expected.invalid().getMessage());
      assertThat(plainStatus.getDescription()).as(what)
          .isEqualTo(expected.invalid().getMessage());
    } else {
      // Unparseable: failed as the generated marshaller fails it (today UNKNOWN,
      // "Application error processing RPC"), never as a stage that failed.
      assertThat(realStatus.getCode()).as(what).isIn(Status.Code.INVALID_ARGUMENT,
          Status.Code.INTERNAL, Status.Code.UNKNOWN);
      assertThat(realStatus.getDescription()).as(what).doesNotContain("internal error in");
      assertThat(plainStatus.getDescription()).as(what).doesNotContain("internal error in");
    }
  }

  private static void assertNamesField(InvalidRequestException e, String what) {
    assertThat(e.field()).as(what + ": " + e.getMessage()).isNotBlank();
    assertThat(e.getMessage()).as(what).startsWith(e.field() + " ");
    assertThat(e.field()).as(what).matches("[a-z_]+([\\[.].*)?")
        .hasSizeLessThanOrEqualTo(InvalidRequestException.MAX_PART_CHARS);
  }

  /** A request for a failure message: short ones in full. */
  private static String hex(byte[] bytes) {
    return bytes.length > 4096 ? bytes.length + " bytes"
        : java.util.HexFormat.of().formatHex(bytes);
  }

  /** The answer of one call, or its status. */
  private static Object call(ManagedChannel channel, MethodDescriptor<?, ?> method,
      byte[] request) {
    MethodDescriptor<byte[], ?> raw =
        method.toBuilder(WireBytes.INSTANCE, method.getResponseMarshaller()).build();
    try {
      return ClientCalls.blockingUnaryCall(channel, raw,
          CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), request);
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  private static List<MethodDescriptor<?, ?>> contractMethods() {
    List<MethodDescriptor<?, ?>> methods = new ArrayList<>();
    for (ServiceDescriptor service : ContractServices.all()) {
      methods.addAll(service.getMethods());
    }
    return methods;
  }

  static Message prototype(Class<?> type) {
    try {
      return (Message) type.getMethod("getDefaultInstance").invoke(null);
    } catch (ReflectiveOperationException e) {
      return fail("not a generated message: " + type, e);
    }
  }

  private static <I extends Message, O extends Message> AnalyticsFunction<I, O> withoutWireForm(
      AnalyticsFunction<I, O> function) {
    return new AnalyticsFunction<>(function.name(), function.requestType(),
        function.responseType(), function.function());
  }

  private static NettyServerBuilder loopback() {
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
  }

  private static ManagedChannel channel(AnalyticsHost host) {
    InetSocketAddress address = host.addresses().get(0);
    return NettyChannelBuilder.forAddress(address).usePlaintext().build();
  }
}
