package org.musicanalytics.host.internal;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sheds load: admits at most a fixed number of calls at once and refuses the next ones at
 * once, before their request is read, with {@code RESOURCE_EXHAUSTED}, a description
 * naming the limit, and the trailer {@value #PUSHBACK_TRAILER} (gRFC A6).
 *
 * <p>The trailer is what tells a refusal for load from a request above the size limit,
 * which a retry cannot fix. A call holds its place from its start until it closes,
 * completes or is cancelled; the place is given back exactly once.
 */
public final class CallLimiter implements ServerInterceptor {

  /** The standard gRPC trailer of a server asking the client to wait before retrying. */
  public static final String PUSHBACK_TRAILER = "grpc-retry-pushback-ms";

  /**
   * How long a refused client should wait, in milliseconds: about the time a shard call
   * takes on the host, so a place has likely come free; clients add their own backoff and
   * jitter on top.
   */
  public static final long PUSHBACK_MILLIS = 100;

  static final Metadata.Key<String> PUSHBACK_KEY =
      Metadata.Key.of(PUSHBACK_TRAILER, Metadata.ASCII_STRING_MARSHALLER);

  private final int limit;
  private final String limitName;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @param limit the most calls in flight at once
   * @param limitName how a user sets the limit, for the refusal's description, e.g.
   *     "--max-concurrent-calls"
   */
  public CallLimiter(int limit, String limitName) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    this.limit = limit;
    this.limitName = limitName;
  }

  /** The calls admitted and not yet finished. */
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public <I, O> ServerCall.Listener<I> interceptCall(
      ServerCall<I, O> call, Metadata headers, ServerCallHandler<I, O> next) {
    if (inFlight.incrementAndGet() > limit) {
      inFlight.decrementAndGet();
      CallLog.markShed();
      StatusRuntimeException refusal = busy("the host is at its limit of " + limit
          + " concurrent calls (" + limitName + ")");
      call.close(refusal.getStatus(), refusal.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        inFlight.decrementAndGet();
      }
    };
    ServerCall<I, O> releasing = new SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        try {
          super.close(status, trailers);
        } finally {
          release.run();
        }
      }
    };
    ServerCall.Listener<I> listener;
    try {
      listener = next.startCall(releasing, headers);
    } catch (RuntimeException | Error e) {
      release.run();
      throw e;
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onComplete() {
        release.run();
        super.onComplete();
      }

      @Override
      public void onCancel() {
        release.run();
        super.onCancel();
      }
    };
  }

  /**
   * A refusal for load: {@code RESOURCE_EXHAUSTED} with {@code why} and "retry after N ms"
   * as its description and the pushback trailer.
   */
  public static StatusRuntimeException busy(String why) {
    Metadata trailers = new Metadata();
    trailers.put(PUSHBACK_KEY, Long.toString(PUSHBACK_MILLIS));
    return Status.RESOURCE_EXHAUSTED
        .withDescription(why + "; retry after " + PUSHBACK_MILLIS + " ms")
        .asRuntimeException(trailers);
  }
}
