package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/** Requests, channels and log capture shared by the host's tests. */
final class HostTesting {

  private HostTesting() {}

  /** A play; the tests derive expected results from these by hand. */
  static StreamRecord play(String user, String song, String artist, int seconds, String genre) {
    return StreamRecord.newBuilder().setUserId(user).setSongId(song).setArtist(artist)
        .setDuration(seconds).setTimestamp("2025-11-05T10:53:00").setGenre(genre).build();
  }

  /**
   * Four plays. By hand: "Artist A - s1" 3 plays, "Artist B - s2" 1; u1 listened 300 s
   * (one play each of A and B: the tie goes to "Artist A"), u2 350 s (Artist A); Pop 3,
   * Rock 1.
   */
  static StreamList smallRequest() {
    return StreamList.newBuilder()
        .addRecords(play("u1", "s1", "Artist A", 200, "Pop"))
        .addRecords(play("u1", "s2", "Artist B", 100, "Rock"))
        .addRecords(play("u2", "s1", "Artist A", 300, "Pop"))
        .addRecords(play("u2", "s1", "Artist A", 50, "Pop"))
        .build();
  }

  /** A plaintext channel to a host address; close it with {@link #shutdown}. */
  static ManagedChannel channel(InetSocketAddress address) {
    return NettyChannelBuilder.forAddress(address).usePlaintext().build();
  }

  /**
   * The status a call of {@code method} ends with when sent {@code request} as raw bytes,
   * bypassing the request marshaller so that any bytes can be sent; fails the test if
   * the call succeeds.
   */
  static Status failure(ManagedChannel channel, MethodDescriptor<?, ?> method,
      byte[] request) {
    MethodDescriptor<byte[], ?> raw =
        method.toBuilder(WireBytes.INSTANCE, method.getResponseMarshaller()).build();
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(channel, raw,
            CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), request));
    assertThat(e).as(method.getFullMethodName() + " should fail").isNotNull();
    return e.getStatus();
  }

  static void shutdown(ManagedChannel channel) throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Waits (up to 5 s) until {@code value} is {@code expected}: calls close asynchronously. */
  static void awaitValue(IntSupplier value, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (value.getAsInt() != expected && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(value.getAsInt()).isEqualTo(expected);
  }

  /**
   * A watch of the server's health (service ""), as a load balancer keeps one: each status
   * the host sends, in order. Closing cancels it.
   */
  static final class HealthWatch implements AutoCloseable {
    private final BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();
    private final ClientCall<HealthCheckRequest, HealthCheckResponse> call;

    HealthWatch(ManagedChannel channel) {
      call = channel.newCall(HealthGrpc.getWatchMethod(), CallOptions.DEFAULT);
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onMessage(HealthCheckResponse message) {
          statuses.add(message.getStatus());
          call.request(1);
        }
      }, new Metadata());
      call.sendMessage(HealthCheckRequest.getDefaultInstance());
      call.halfClose();
      call.request(1);
    }

    /** The next status sent, waiting up to 5 s; null if none came. */
    ServingStatus next() throws InterruptedException {
      return statuses.poll(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      call.cancel("watch closed", null);
    }
  }

  /** Collects what the host logs while open. */
  static final class LogCapture extends Handler implements AutoCloseable {
    // Held strongly: the JDK keeps loggers weakly and would drop the level set here.
    private final Logger logger = Logger.getLogger(HostLogging.LOGGER_NAME);
    private final Level previousLevel = logger.getLevel();
    private final boolean previousUseParentHandlers = logger.getUseParentHandlers();
    private final Handler[] previousHandlers = logger.getHandlers();
    private final List<LogRecord> records = new ArrayList<>();

    LogCapture() {
      setLevel(Level.ALL);
      logger.setLevel(Level.INFO);
      // Captured, not printed: the expected stack traces would clutter the build output.
      logger.setUseParentHandlers(false);
      for (Handler handler : previousHandlers) {
        logger.removeHandler(handler);
      }
      logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
      records.add(record);
    }

    synchronized List<LogRecord> records() {
      return List.copyOf(records);
    }

    /** The formatted messages of the records logged so far. */
    List<String> messages() {
      SimpleFormatter formatter = new SimpleFormatter();
      return records().stream().map(formatter::formatMessage).toList();
    }

    /**
     * Waits (up to 5 s) until {@code count} per-call lines have been logged, and returns
     * them; the server writes a call's line when the stream closes, which may be just
     * after the client has its answer.
     */
    List<String> awaitCallLines(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      List<String> matching;
      do {
        matching = messages().stream()
            .filter(m -> m.matches("music\\.\\S+ records=.*"))
            .toList();
        if (matching.size() >= count) {
          return matching;
        }
        Thread.sleep(10);
      } while (System.nanoTime() < deadline);
      return matching;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
      for (Handler handler : previousHandlers) {
        logger.addHandler(handler);
      }
      logger.setLevel(previousLevel);
      logger.setUseParentHandlers(previousUseParentHandlers);
    }
  }
}
