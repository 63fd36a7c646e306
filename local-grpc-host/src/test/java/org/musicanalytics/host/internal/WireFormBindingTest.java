package org.musicanalytics.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.musicanalytics.counting.FuzzInputs.untimed;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.EncodedPlays;
import org.musicanalytics.counting.Plays;
import org.musicanalytics.counting.RandomPlays;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.host.WireBytes;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * The fast path (each stage's wire form, bound by {@link FunctionBinding}) answers exactly as
 * the plain generated-code path (the same functions without wire forms): two real servers
 * on loopback, one of each, sent the same bytes.
 */
class WireFormBindingTest {

  private static final Map<String, AnalyticsFunction<?, ?>> REAL = AnalyticsFunctions.load();

  private static Server wireServer;
  private static Server plainServer;
  private static ManagedChannel wireChannel;
  private static ManagedChannel plainChannel;

  @BeforeAll
  static void start() throws IOException {
    Map<String, AnalyticsFunction<?, ?>> plain = new TreeMap<>();
    REAL.forEach((name, function) -> plain.put(name, withoutWireForm(function)));
    wireServer = serve(REAL);
    plainServer = serve(plain);
    wireChannel = channel(wireServer);
    plainChannel = channel(plainServer);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (ManagedChannel channel : List.of(wireChannel, plainChannel)) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (Server server : List.of(wireServer, plainServer)) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldServeEveryRecordReadingStageThroughItsWireForm() {
    List<String> withWireForm = REAL.values().stream()
        .filter(f -> f.wireForm() != null).map(AnalyticsFunction::name).sorted().toList();

    assertThat(withWireForm)
        .containsExactly("aggregateStream", "analyzeGenres", "analyzeShard", "analyzeUsers");
    assertThat(streamListMethods()).hasSize(4);
  }

  @Test
  void shouldAnswerAsThePlainPathOverTheNetwork() {
    Random random = new Random(2026);
    for (MethodDescriptor<?, ?> method : streamListMethods()) {
      for (int trial = 0; trial < 40; trial++) {
        byte[] request = EncodedPlays.encode(random, RandomPlays.plays(random, 60));

        Message wire = call(wireChannel, method, request);
        Message plain = call(plainChannel, method, request);

        assertThat(untimed(wire)).as("%s trial %d", method.getFullMethodName(), trial)
            .isEqualTo(untimed(plain));
      }
    }
  }

  @Test
  void shouldAnswerAsThePlainFunctionWhenCalledDirectly() throws Exception {
    Random random = new Random(2027);
    for (AnalyticsFunction<?, ?> function : REAL.values()) {
      if (function.wireForm() == null) {
        continue;
      }
      for (int trial = 0; trial < 100; trial++) {
        byte[] request = EncodedPlays.encode(random, RandomPlays.plays(random, 60));

        Message prototype = (Message) function.responseType()
            .getMethod("getDefaultInstance").invoke(null);
        Message wire = prototype.getParserForType().parseFrom(function.wireForm().apply(request));

        assertThat(untimed(wire)).as(function.name())
            .isEqualTo(untimed(function.applyUnchecked(StreamList.parseFrom(request))));
      }
    }
  }

  @Test
  void shouldRejectABadRecordAsThePlainPath() {
    Random random = new Random(2028);
    for (MethodDescriptor<?, ?> method : streamListMethods()) {
      for (int trial = 0; trial < 20; trial++) {
        List<StreamRecord> plays = new ArrayList<>(RandomPlays.plays(random, 30));
        plays.add(random.nextInt(plays.size() + 1), random.nextBoolean()
            ? Plays.play("", "s1", "A", 10, "Pop") : Plays.play("u9", "s1", "A", -5, "Pop"));
        byte[] request = StreamList.newBuilder().addAllRecords(plays).build().toByteArray();

        Status wire = failure(wireChannel, method, request);
        Status plain = failure(plainChannel, method, request);

        assertThat(wire.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT)
            .isEqualTo(plain.getCode());
        assertThat(wire.getDescription()).startsWith("records[")
            .isEqualTo(plain.getDescription());
      }
    }
  }

  @Test
  void shouldRejectBytesThatAreNoStreamListAsThePlainPath() {
    byte[] good = Plays.plays(Plays.play("u1", "s1", "Björk")).toByteArray();
    byte[] notUtf8 = good.clone();
    notUtf8[new String(good, StandardCharsets.ISO_8859_1).indexOf("Bj") + 2] = (byte) 0xFF;
    List<byte[]> bad = List.of(Arrays.copyOf(good, good.length - 1), notUtf8,
        new byte[] {0x0C}, new byte[] {0x0F});
    for (MethodDescriptor<?, ?> method : streamListMethods()) {
      for (byte[] request : bad) {
        Status wire = failure(wireChannel, method, request);
        Status plain = failure(plainChannel, method, request);

        assertThat(wire.getCode()).as(method.getFullMethodName()).isEqualTo(plain.getCode())
            .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(wire.getDescription()).isEqualTo(plain.getDescription())
            .startsWith("the request is not a valid music.StreamList: ");
      }
    }
  }

  /** Every contract method that takes a StreamList. */
  private static List<MethodDescriptor<?, ?>> streamListMethods() {
    List<MethodDescriptor<?, ?>> methods = new ArrayList<>();
    for (ServiceDescriptor service : ContractServices.all()) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> p
            && p.getMessagePrototype() instanceof StreamList) {
          methods.add(method);
        }
      }
    }
    return methods;
  }

  private static <O> Message call(ManagedChannel channel, MethodDescriptor<?, O> method,
      byte[] request) {
    MethodDescriptor<byte[], O> raw =
        method.toBuilder(WireBytes.INSTANCE, method.getResponseMarshaller()).build();
    return (Message) ClientCalls.blockingUnaryCall(channel, raw,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
  }

  private static Status failure(ManagedChannel channel, MethodDescriptor<?, ?> method,
      byte[] request) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> call(channel, method, request));
    assertThat(e).as(method.getFullMethodName() + " should fail").isNotNull();
    return e.getStatus();
  }

  private static <I extends Message, O extends Message> AnalyticsFunction<I, O> withoutWireForm(
      AnalyticsFunction<I, O> function) {
    return new AnalyticsFunction<>(function.name(), function.requestType(),
        function.responseType(), function.function());
  }

  private static Server serve(Map<String, AnalyticsFunction<?, ?>> functions)
      throws IOException {
    ServerBuilder<?> builder = NettyServerBuilder.forAddress(
        new InetSocketAddress("127.0.0.1", 0));
    CallLog log = new CallLog();
    for (ServerServiceDefinition service : FunctionBinding.bind(ContractServices.all(),
        functions)) {
      builder.addService(ServerInterceptors.intercept(service, log.interceptor()));
    }
    return builder.addStreamTracerFactory(log.tracerFactory()).build().start();
  }

  private static ManagedChannel channel(Server server) {
    InetSocketAddress address = (InetSocketAddress) server.getListenSockets().get(0);
    return NettyChannelBuilder.forAddress(address).usePlaintext().build();
  }

}
