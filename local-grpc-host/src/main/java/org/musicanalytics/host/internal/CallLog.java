package org.musicanalytics.host.internal;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs one line per call, at {@code INFO} ({@code WARNING} for a server-side failure):
 *
 * <pre>music.MapReduceService/AggregateStream records=100 bytes=6123 time=2.4ms status=OK</pre>
 *
 * <p>{@code records} is the number of elements of the request's main repeated field: its
 * repeated (or map) field with the lowest field number, looked for depth-first through
 * singular message fields when the top level has none. That is {@code records} of a
 * {@code StreamList}, and {@code play_counts.play_counts} (the number of songs) of a
 * {@code RecommendationRequest}. It is {@code -} when no request message arrived, e.g.
 * when the request was larger than the host accepts. {@code bytes} is the request's
 * serialized size and {@code time} runs from the call's arrival to its close.
 */
public final class CallLog implements ServerInterceptor {

  private static final Logger LOG = Logger.getLogger(CallLog.class.getName());

  @Override
  public <I, O> ServerCall.Listener<I> interceptCall(
      ServerCall<I, O> call, Metadata headers, ServerCallHandler<I, O> next) {
    Entry entry = new Entry(call.getMethodDescriptor().getFullMethodName());
    ServerCall<I, O> logged = new SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        entry.write(status);
        super.close(status, trailers);
      }
    };
    return new SimpleForwardingServerCallListener<>(next.startCall(logged, headers)) {
      @Override
      public void onMessage(I message) {
        entry.request = message;
        super.onMessage(message);
      }

      @Override
      public void onCancel() {
        // The call ended without the server closing it: the client went away, or the
        // transport refused the request (too large, malformed). The context knows why.
        Throwable cause = Context.current().cancellationCause();
        entry.write(cause == null ? Status.CANCELLED : Status.fromThrowable(cause));
        super.onCancel();
      }
    };
  }

  /** The state of one call, written once. */
  private static final class Entry {
    private final String method;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean written = new AtomicBoolean();
    private volatile Object request;

    Entry(String method) {
      this.method = method;
    }

    void write(Status status) {
      if (!written.compareAndSet(false, true)) {
        return;
      }
      Level level = isServerFault(status) ? Level.WARNING : Level.INFO;
      if (!LOG.isLoggable(level)) {
        return;
      }
      double millis = (System.nanoTime() - startNanos) / 1e6;
      Object message = request;
      String records = "-";
      String bytes = "-";
      if (message instanceof Message protobuf) {
        OptionalInt count = records(protobuf);
        records = count.isPresent() ? Integer.toString(count.getAsInt()) : "-";
        bytes = Integer.toString(protobuf.getSerializedSize());
      }
      StringBuilder line = new StringBuilder(method)
          .append(" records=").append(records)
          .append(" bytes=").append(bytes)
          .append(" time=").append(String.format(Locale.ROOT, "%.1fms", millis))
          .append(" status=").append(status.getCode());
      if (status.getDescription() != null) {
        line.append(" (").append(status.getDescription()).append(')');
      }
      LOG.log(level, line.toString());
    }

    private static boolean isServerFault(Status status) {
      return switch (status.getCode()) {
        case INTERNAL, UNKNOWN, DATA_LOSS, UNIMPLEMENTED, UNAVAILABLE -> true;
        default -> false;
      };
    }
  }

  /** The size of the main repeated field of {@code message}, as the class comment says. */
  static OptionalInt records(Message message) {
    return records(message, MAX_DEPTH);
  }

  /** Bounds the search, since a message type may contain itself. */
  private static final int MAX_DEPTH = 3;

  private static OptionalInt records(Message message, int depth) {
    List<FieldDescriptor> fields = message.getDescriptorForType().getFields().stream()
        .sorted(Comparator.comparingInt(FieldDescriptor::getNumber))
        .toList();
    for (FieldDescriptor field : fields) {
      if (field.isRepeated()) {
        return OptionalInt.of(message.getRepeatedFieldCount(field));
      }
    }
    for (FieldDescriptor field : fields) {
      if (depth > 0 && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        OptionalInt nested = records((Message) message.getField(field), depth - 1);
        if (nested.isPresent()) {
          return nested;
        }
      }
    }
    return OptionalInt.empty();
  }
}
