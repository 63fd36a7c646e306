package org.musicanalytics.host.internal;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.InvalidRequestException;

/**
 * The one mechanism that turns analytics functions into gRPC methods: every method of a
 * service is served by the function named after it, lower-camel-cased
 * ({@code AggregateStream} by {@code aggregateStream}).
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
      ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(service);
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        String name = functionName(method);
        AnalyticsFunction<?, ?> function = functions.get(name);
        if (function == null) {
          throw new IllegalStateException("No analytics function named '" + name
              + "' to serve " + method.getFullMethodName() + "; functions found: "
              + functions.keySet() + ". Is the module that provides it on the class path?");
        }
        addMethod(definition, method, function);
      }
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

  private static <I, O> void addMethod(ServerServiceDefinition.Builder definition,
      MethodDescriptor<I, O> method, AnalyticsFunction<?, ?> function) {
    checkType(method, "request", method.getRequestMarshaller(), function.requestType(), function);
    Class<O> responseType =
        checkType(method, "response", method.getResponseMarshaller(), function.responseType(),
            function);
    String fullName = method.getFullMethodName();
    definition.addMethod(method, ServerCalls.asyncUnaryCall(
        (I request, StreamObserver<O> responses) -> {
          Message response;
          try {
            response = function.applyUnchecked((Message) request);
            if (response == null) {
              throw new IllegalStateException("function '" + function.name() + "' returned null");
            }
          } catch (InvalidRequestException e) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage())
                .asRuntimeException());
            return;
          } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, e, () -> fullName + " failed in function '"
                + function.name() + "'");
            responses.onError(Status.INTERNAL.withDescription(
                "internal error in " + fullName + "; the host's log has the details")
                .asRuntimeException());
            return;
          }
          responses.onNext(responseType.cast(response));
          responses.onCompleted();
        }));
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
