package org.musicanalytics.functions;

import com.google.protobuf.Message;
import java.util.Objects;
import java.util.function.Function;

/**
 * One analytics stage under the name every deployment knows it by.
 *
 * <p>The name is the Spring Cloud Function bean name (and so the Lambda function
 * definition) and the name {@link StageRpc} gives the function of the gRPC method it
 * serves: {@code aggregateStream} serves {@code music.MapReduceService/AggregateStream}.
 *
 * @param name bean and function-definition name, e.g. {@code aggregateStream}
 * @param requestType the protobuf request message class
 * @param responseType the protobuf response message class
 * @param function the pure stage itself, the reference for what the stage answers
 * @param wireForm the same stage from the request's wire form to the response's, for
 *     transports that have the bytes (the gRPC host); {@code null} when the stage has none
 */
public record AnalyticsFunction<I extends Message, O extends Message>(
    String name, Class<I> requestType, Class<O> responseType, Function<I, O> function,
    WireFunction wireForm) {

  public AnalyticsFunction {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(requestType, "requestType");
    Objects.requireNonNull(responseType, "responseType");
    Objects.requireNonNull(function, "function");
  }

  /** A stage without a wire form. */
  public AnalyticsFunction(String name, Class<I> requestType, Class<O> responseType,
      Function<I, O> function) {
    this(name, requestType, responseType, function, null);
  }

  /** Applies the stage to a request whose type is only known at run time. */
  public O applyUnchecked(Message request) {
    return function.apply(requestType.cast(request));
  }
}
