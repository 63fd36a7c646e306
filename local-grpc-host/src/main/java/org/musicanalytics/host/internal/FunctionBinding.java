package org.musicanalytics.host.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.WireFunction;
import org.musicanalytics.host.WireBytes;

/**
 * The one mechanism that turns analytics functions into gRPC methods: every method of a
 * service is served by the function named after it, lower-camel-cased
 * ({@code AggregateStream} by {@code aggregateStream}).
 *
 * <p>A function with a {@linkplain AnalyticsFunction#wireForm() wire form} is served by it:
 * the method then takes the request's bytes as they arrive and sends the response's bytes
 * as the function gives them ({@link WireBytes}) instead of parsing and printing messages, and a request the generated parser would reject fails as the generated
 * marshaller fails it ({@code INTERNAL}, "Invalid protobuf byte sequence").
 *
 * <p>Errors: an {@link InvalidRequestException} becomes {@code INVALID_ARGUMENT} with its
 * message (which names the field and record); anything else becomes {@code INTERNAL} with
 * a generic description, its stack trace going to the log only, so no internals reach
 * the caller.
 */
public final class FunctionBinding {

  private static final Logger LOG = Logger.getLogger(FunctionBinding.class.getName());

  private FunctionBinding() {}

  /**
   * Binds every method of every service to its function.
   *
   * @throws IllegalStateException if a method has no function, or a function's request
   *     or response type is not the method's
   */
  public static List<ServerServiceDefinition> bind(
      List<ServiceDescriptor> services, Map<String, AnalyticsFunction<?, ?>> functions) {
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
        methods.add(method(method, function));
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

  /** The function serving a method: its bare name, lower-camel-cased. */
  public static String functionName(MethodDescriptor<?, ?> method) {
    String rpc = method.getBareMethodName();
    if (rpc == null || rpc.isEmpty()) {
      throw new IllegalArgumentException("method has no name: " + method.getFullMethodName());
    }
    return Character.toLowerCase(rpc.charAt(0)) + rpc.substring(1);
  }

  private static <I, O> ServerMethodDefinition<?, ?> method(MethodDescriptor<I, O> method,
      AnalyticsFunction<?, ?> function) {
    checkType(method, "request", method.getRequestMarshaller(), function.requestType(), function);
    Class<O> responseType =
        checkType(method, "response", method.getResponseMarshaller(), function.responseType(),
            function);
    String fullName = method.getFullMethodName();
    WireFunction wire = function.wireForm();
    if (wire == null) {
      return ServerMethodDefinition.create(method, ServerCalls.asyncUnaryCall(
          (I request, StreamObserver<O> responses) -> respond(responses, function, fullName,
              () -> responseType.cast(function.applyUnchecked((Message) request)))));
    }
    MethodDescriptor<byte[], byte[]> wireMethod =
        method.toBuilder(WireBytes.INSTANCE, WireBytes.INSTANCE).build();
    return ServerMethodDefinition.create(wireMethod, ServerCalls.asyncUnaryCall(
        (byte[] request, StreamObserver<byte[]> responses) -> respond(responses, function,
            fullName, () -> {
              try {
                return wire.apply(request);
              } catch (InvalidProtocolBufferException e) {
                // What the generated marshaller throws for the same bytes.
                throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence")
                    .withCause(e).asRuntimeException();
              }
            })));
  }

  /** Answers a call with what the stage gives, or with the error it maps to. */
  private static <T> void respond(StreamObserver<T> responses,
      AnalyticsFunction<?, ?> function, String fullName, Supplier<T> stage) {
    T response;
    try {
      response = stage.get();
      if (response == null) {
        throw new IllegalStateException("function '" + function.name() + "' returned null");
      }
    } catch (InvalidRequestException e) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage())
          .asRuntimeException());
      return;
    } catch (StatusRuntimeException e) {
      throw e; // an unreadable request, failed as the transport fails it
    } catch (RuntimeException e) {
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

  /** Checks the function's message class is the method's, so calls never fail to cast. */
  @SuppressWarnings("unchecked")
  private static <T> Class<T> checkType(MethodDescriptor<?, ?> method, String what,
      MethodDescriptor.Marshaller<T> marshaller, Class<?> functionType,
      AnalyticsFunction<?, ?> function) {
    if (!(marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> prototypes)
        || prototypes.getMessagePrototype() == null) {
      throw new IllegalStateException(method.getFullMethodName()
          + " has no protobuf " + what + " prototype to check function '"
          + function.name() + "' against");
    }
    Class<?> methodType = prototypes.getMessagePrototype().getClass();
    if (!methodType.equals(functionType)) {
      throw new IllegalStateException("function '" + function.name() + "' has "
          + what + " type " + functionType.getName() + ", but " + method.getFullMethodName()
          + " has " + methodType.getName());
    }
    return (Class<T>) methodType;
  }
}
