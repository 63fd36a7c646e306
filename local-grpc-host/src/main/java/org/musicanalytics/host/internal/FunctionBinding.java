package org.musicanalytics.host.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.StageRpc;
import org.musicanalytics.functions.WireFunction;
import org.musicanalytics.host.WireBytes;

/**
 * The one mechanism that turns analytics functions into gRPC methods, each rpc served by the
 * function the stage catalogue ({@link StageRpc}) names for it.
 *
 * <p>A function's {@linkplain AnalyticsFunction#wireForm() wire form}, when it has one, takes
 * the request's bytes as they arrive ({@link WireBytes}), so no message is parsed or printed.
 * Functions run on the caller's executor, never on a gRPC thread; a call whose caller has
 * gone is not run, and one the executor has no room for is refused as {@link CallLimiter}
 * refuses one. An {@link InvalidRequestException} becomes {@code INVALID_ARGUMENT}; anything
 * else {@code INTERNAL}, its stack trace going to the log only.
 */
public final class FunctionBinding {

  private static final Logger LOG = Logger.getLogger(FunctionBinding.class.getName());

  private FunctionBinding() {}

  /**
   * Binds every method of every service to its function, run on the thread that delivers
   * the request.
   *
   * @throws IllegalStateException if a method has no catalogue entry or no function, or a
   *     function's request or response type is not the method's
   */
  public static List<ServerServiceDefinition> bind(
      List<ServiceDescriptor> services, Map<String, AnalyticsFunction<?, ?>> functions) {
    return bind(services, functions, Runnable::run);
  }

  /**
   * Binds every method of every service to its function, run on {@code executor}.
   *
   * @throws IllegalStateException if a method has no catalogue entry or no function, or a
   *     function's request or response type is not the method's
   */
  public static List<ServerServiceDefinition> bind(List<ServiceDescriptor> services,
      Map<String, AnalyticsFunction<?, ?>> functions, Executor executor) {
    List<ServerServiceDefinition> definitions = new ArrayList<>(services.size());
    for (ServiceDescriptor service : services) {
      List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        String name = functionName(method);
        AnalyticsFunction<?, ?> function = functions.get(name);
        if (function == null) {
          throw new IllegalStateException("No analytics function named '" + name
              + "' to serve " + method.getFullMethodName() + "; functions found: "
              + functions.keySet() + ". Is the module that provides it on the class path?");
        }
        methods.add(method(method, function, executor));
      }
      // The service as served: a method with a wire form has its own descriptor (another
      // request marshaller), and a definition must hold the very descriptors it serves.
      ServiceDescriptor.Builder served = ServiceDescriptor.newBuilder(service.getName())
          .setSchemaDescriptor(service.getSchemaDescriptor());
      methods.forEach(m -> served.addMethod(m.getMethodDescriptor()));
      ServerServiceDefinition.Builder definition =
          ServerServiceDefinition.builder(served.build());
      methods.forEach(definition::addMethod);
      definitions.add(definition.build());
    }
    return definitions;
  }

  /**
   * The function serving each method of {@code services}: full method name to function
   * name, in the services' order.
   *
   * @throws IllegalStateException if the catalogue has no entry for a method
   */
  public static Map<String, String> functionsByRpc(List<ServiceDescriptor> services) {
    Map<String, String> table = new LinkedHashMap<>();
    for (ServiceDescriptor service : services) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        table.put(method.getFullMethodName(), functionName(method));
      }
    }
    return Collections.unmodifiableMap(table);
  }

  /**
   * The function serving a method, as the stage catalogue names it.
   *
   * @throws IllegalStateException if the catalogue has no entry for the method
   */
  public static String functionName(MethodDescriptor<?, ?> method) {
    return StageRpc.forMethod(method.getFullMethodName())
        .orElseThrow(() -> new IllegalStateException("No entry for "
            + method.getFullMethodName() + " in the stage catalogue ("
            + StageRpc.class.getName() + "), so no function to serve it"))
        .functionName();
  }

  private static <I, O> ServerMethodDefinition<?, ?> method(MethodDescriptor<I, O> method,
      AnalyticsFunction<?, ?> function, Executor executor) {
    Message requestPrototype = checkType(method, "request", method.getRequestMarshaller(),
        function.requestType(), function);
    Class<O> responseType = messageClass(checkType(method, "response",
        method.getResponseMarshaller(), function.responseType(), function));
    String fullName = method.getFullMethodName();
    String requestName = requestPrototype.getDescriptorForType().getFullName();
    WireFunction wire = function.wireForm();
    if (wire == null) {
      // Parsed here rather than by the transport, so bytes that are no message fail as
      // INVALID_ARGUMENT like any invalid request (gRPC fails a marshaller's error UNKNOWN).
      Parser<? extends Message> parser = requestPrototype.getParserForType();
      MethodDescriptor<byte[], O> parsing =
          method.toBuilder(WireBytes.INSTANCE, method.getResponseMarshaller()).build();
      return ServerMethodDefinition.create(parsing, ServerCalls.asyncUnaryCall(
          (byte[] request, StreamObserver<O> responses) -> respond(executor, responses,
              function, fullName, requestName, () -> {
                Message parsed = parser.parseFrom(request);
                CallLog.countRecords(parsed);
                return responseType.cast(function.applyUnchecked(parsed));
              })));
    }
    MethodDescriptor<byte[], byte[]> wireMethod =
        method.toBuilder(WireBytes.INSTANCE, WireBytes.INSTANCE).build();
    return ServerMethodDefinition.create(wireMethod, ServerCalls.asyncUnaryCall(
        (byte[] request, StreamObserver<byte[]> responses) -> respond(executor, responses,
            function, fullName, requestName, () -> wire.apply(request))));
  }

  /** What a call computes from its request's bytes. */
  @FunctionalInterface
  private interface CallWork<T> {
    T apply() throws InvalidProtocolBufferException;
  }

  /** Answers a call on {@code executor}, or refuses it if the executor has no room. */
  private static <T> void respond(Executor executor, StreamObserver<T> responses,
      AnalyticsFunction<?, ?> function, String fullName, String requestName, CallWork<T> work) {
    try {
      // In the call's context, so the call log can note what the stage parsed.
      executor.execute(Context.current().wrap(() -> {
        if (!(responses instanceof ServerCallStreamObserver<T> call && call.isCancelled())) {
          respond(responses, function, fullName, requestName, work);
        }
      }));
    } catch (RejectedExecutionException e) {
      responses.onError(CallLimiter.busy("the host has no room for more calls waiting for"
          + " its executor"));
    }
  }

  /** Answers a call with what the stage gives, or with the error it maps to. */
  private static <T> void respond(StreamObserver<T> responses,
      AnalyticsFunction<?, ?> function, String fullName, String requestName, CallWork<T> work) {
    T response;
    try {
      response = work.apply();
      if (response == null) {
        throw new IllegalStateException("function '" + function.name() + "' returned null");
      }
    } catch (InvalidRequestException e) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage())
          .asRuntimeException());
      return;
    } catch (InvalidProtocolBufferException e) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription(
          "the request is not a valid " + requestName + ": " + e.getMessage())
          .asRuntimeException());
      return;
    } catch (OutOfMemoryError e) {
      LOG.log(Level.WARNING, () -> fullName + " ran out of memory in function '"
          + function.name() + "'");
      responses.onError(OutOfMemory.status("in " + fullName + " (function '"
          + function.name() + "')"));
      return;
    } catch (RuntimeException | StackOverflowError e) {
      // A stack overflow (deep input) fails the call, not the thread, which lives on.
      LOG.log(Level.SEVERE, e, () -> fullName + " failed in function '"
          + function.name() + "'");
      responses.onError(Status.INTERNAL.withDescription(
          "internal error in " + fullName + "; the host's log has the details")
          .asRuntimeException());
      return;
    }
    responses.onNext(response);
    responses.onCompleted();
  }

  /**
   * Checks the function's message class is the method's, so calls never fail to cast.
   *
   * @return the method's message prototype
   */
  private static Message checkType(MethodDescriptor<?, ?> method, String what,
      MethodDescriptor.Marshaller<?> marshaller, Class<?> functionType,
      AnalyticsFunction<?, ?> function) {
    if (!(marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> prototypes)
        || !(prototypes.getMessagePrototype() instanceof Message prototype)) {
      throw new IllegalStateException(method.getFullMethodName()
          + " has no protobuf " + what + " prototype to check function '"
          + function.name() + "' against");
    }
    Class<?> methodType = prototype.getClass();
    if (!methodType.equals(functionType)) {
      throw new IllegalStateException("function '" + function.name() + "' has "
          + what + " type " + functionType.getName() + ", but " + method.getFullMethodName()
          + " has " + methodType.getName());
    }
    return prototype;
  }

  @SuppressWarnings("unchecked")
  private static <T> Class<T> messageClass(Message prototype) {
    return (Class<T>) prototype.getClass();
  }
}
