package org.musicanalytics.host.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import io.grpc.Context;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.musicanalytics.functions.RequestRecords;

/**
 * Logs one line per call of a contract method, at {@code INFO} ({@code WARNING} when the
 * server is at fault), e.g.
 * {@code music.MapReduceService/AggregateStream records=100 bytes=6123 time=2.4ms status=OK}.
 *
 * <p>{@code records} is the length of the request's main list ({@link #countRecords}),
 * {@code -} when no request was read; {@code bytes} its size on the wire; {@code time}
 * from arrival until the call closed. Two parts cooperate, because neither sees
 * everything: a stream tracer sees every call with its true final status, even one the
 * transport rejects before any message; an interceptor sees the request message and marks
 * the call as one to log. Health checks and reflection are logged at {@code FINE}.
 */
public final class CallLog {

  private static final Logger LOG = Logger.getLogger(CallLog.class.getName());
  private static final Context.Key<Entry> ENTRY = Context.key("music-analytics-call-log");

  private final Consumer<ClosedCall> observer;

  /** A log that only logs. */
  public CallLog() {
    this(call -> {});
  }

  /** A log that also hands every closed contract call to {@code observer}, e.g. metrics. */
  public CallLog(Consumer<ClosedCall> observer) {
    this.observer = observer;
  }

  /**
   * A contract call that has closed, as the log saw it.
   *
   * @param fullMethodName e.g. {@code music.MapReduceService/AggregateStream}
   * @param records the request's records, empty when no request was read
   * @param requestRead whether any request bytes arrived
   * @param shed whether the call limit refused it ({@link #markShed()})
   * @param code its final status
   */
  public record ClosedCall(String fullMethodName, OptionalInt records, boolean requestRead,
      boolean shed, Status.Code code) {
  }

  /** Install on the server builder: times every call and writes its line on close. */
  public ServerStreamTracer.Factory tracerFactory() {
    return new ServerStreamTracer.Factory() {
      @Override
      public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return new Entry(fullMethodName, observer);
      }
    };
  }

  /** Install on every contract service: counts the request's records. */
  public ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <I, O> ServerCall.Listener<I> interceptCall(
          ServerCall<I, O> call, Metadata headers, ServerCallHandler<I, O> next) {
        Entry entry = ENTRY.get();
        if (entry != null) {
          entry.contract = true;
        }
        return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
          @Override
          public void onMessage(I message) {
            if (entry != null && message instanceof Message protobuf) {
              entry.records = RequestRecords.count(protobuf);
            } else if (entry != null && message instanceof byte[] bytes
                && call.getMethodDescriptor().getSchemaDescriptor()
                    instanceof ProtoMethodDescriptorSupplier schema) {
              entry.records = records(bytes, schema.getMethodDescriptor().getInputType());
            }
            super.onMessage(message);
          }
        };
      }
    };
  }

  /** One call: its tracer, and the holder of what the interceptor learns. */
  private static final class Entry extends ServerStreamTracer {
    private final String method;
    private final Consumer<ClosedCall> observer;
    private final long startNanos = System.nanoTime();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean received;
    private volatile boolean contract;
    private volatile boolean shed;
    private volatile OptionalInt records = OptionalInt.empty();

    Entry(String method, Consumer<ClosedCall> observer) {
      this.method = method;
      this.observer = observer;
    }

    @Override
    public Context filterContext(Context context) {
      return context.withValue(ENTRY, this);
    }

    @Override
    public void inboundUncompressedSize(long size) {
      bytes.addAndGet(size);
      received = true;
    }

    @Override
    public void streamClosed(Status status) {
      if (contract) {
        observer.accept(new ClosedCall(method, records, received, shed, status.getCode()));
      }
      Level level = !contract ? Level.FINE : isServerFault(status) ? Level.WARNING : Level.INFO;
      if (!LOG.isLoggable(level)) {
        return;
      }
      double millis = (System.nanoTime() - startNanos) / 1e6;
      StringBuilder line = new StringBuilder(method)
          .append(" records=")
          .append(records.isPresent() ? Integer.toString(records.getAsInt()) : "-")
          .append(" bytes=").append(received ? Long.toString(bytes.get()) : "-")
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

  /**
   * Notes that the current call was refused by the call limit, which tells it from a
   * request refused for its size (both {@code RESOURCE_EXHAUSTED}, before any request).
   * Call in the call's context; elsewhere it does nothing.
   */
  public static void markShed() {
    Entry entry = ENTRY.get();
    if (entry != null) {
      entry.shed = true;
    }
  }

  /**
   * Notes the request of the current call once a stage has parsed it from its bytes,
   * counting its records as the interceptor counts a parsed message's (nested lists
   * included). Call in the call's context; elsewhere it does nothing.
   */
  public static void countRecords(Message request) {
    Entry entry = ENTRY.get();
    if (entry != null) {
      entry.records = RequestRecords.count(request);
    }
  }

  /**
   * The size of the main repeated field of a message of {@code type} in its wire form,
   * counted at the top level only; empty if the bytes do not parse that far.
   */
  static OptionalInt records(byte[] message, Descriptor type) {
    Map<Integer, Integer> counts = new HashMap<>();
    boolean hasList = false;
    for (FieldDescriptor field : type.getFields()) {
      if (field.isRepeated()) {
        hasList = true;
        counts.put(field.getNumber(), 0);
      }
    }
    if (!hasList) {
      return OptionalInt.empty();
    }
    CodedInputStream in = CodedInputStream.newInstance(message);
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        counts.computeIfPresent(WireFormat.getTagFieldNumber(tag), (number, n) -> n + 1);
        if (!in.skipField(tag)) {
          break;
        }
      }
    } catch (IOException e) {
      return OptionalInt.empty(); // the stage reports the broken request
    }
    return counts.entrySet().stream().filter(e -> e.getValue() > 0)
        .min(Map.Entry.comparingByKey())
        .map(e -> OptionalInt.of(e.getValue()))
        .orElse(OptionalInt.of(0));
  }
}
