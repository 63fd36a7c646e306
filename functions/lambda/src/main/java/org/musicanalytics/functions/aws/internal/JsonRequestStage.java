package org.musicanalytics.functions.aws.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.aws.ProtobufJsonMessageConverter;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/**
 * A stage as Spring Cloud Function sees it: the raw Lambda message in, the response's
 * proto3 JSON out.
 *
 * <p>The request is read here rather than by Spring Cloud Function's input conversion,
 * which swallows a converter's error and lets Jackson build an empty message, so the stage
 * would run on nothing. A bad request leaves a plain invoke as the exception (a function
 * error with its type and message) and answers an API Gateway event with a 400 or 413 JSON
 * body, as an exception would reach the HTTP caller as a bare 500. A fault of the stage
 * itself is logged with its stack trace and leaves as a {@link FunctionFailedException}
 * naming the stage and the request id, without the trace. An answered request writes its
 * CloudWatch metrics ({@link StageMetrics}).
 */
public final class JsonRequestStage<I extends com.google.protobuf.Message,
    O extends com.google.protobuf.Message> implements Function<Message<byte[]>, Message<byte[]>> {

  /**
   * Lambda's synchronous invoke payload limit, 6 MB: 6,291,456 bytes. Lambda itself refuses
   * a larger event before any function runs; the check here gives HTTP callers the same
   * answer where nothing enforces the limit (sam local).
   */
  public static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;

  /** Header in which the adapter passes the Lambda context ({@code AWSLambdaUtils.AWS_CONTEXT}). */
  static final String AWS_CONTEXT = "aws-context";

  private static final Log logger = LogFactory.getLog(JsonRequestStage.class);

  /** Response header the AWS adapter takes the HTTP status from. */
  static final String STATUS_CODE = "statusCode";

  private final AnalyticsFunction<I, O> stage;
  private final ProtobufJsonMessageConverter converter;
  private final StageMetrics metrics;

  /** A stage whose invocations write their metrics to {@code metrics}. */
  public JsonRequestStage(AnalyticsFunction<I, O> stage, ProtobufJsonMessageConverter converter,
      StageMetrics metrics) {
    this.stage = stage;
    this.converter = converter;
    this.metrics = metrics;
  }

  /** A stage with metrics of its own. */
  public JsonRequestStage(AnalyticsFunction<I, O> stage, ProtobufJsonMessageConverter converter) {
    this(stage, converter, new StageMetrics());
  }

  @Override
  public Message<byte[]> apply(Message<byte[]> message) {
    if (!ProtobufJsonMessageConverter.isApiGatewayEvent(message)) {
      return MessageBuilder.withPayload(converter.write(run(message)))
          .setHeader("contentType", MimeTypeUtils.APPLICATION_JSON_VALUE).build();
    }
    int eventBytes = message.getPayload().length;
    if (eventBytes > MAX_EVENT_BYTES) {
      return httpResponse(413, error("RequestTooLarge", "The request event is " + eventBytes
          + " bytes; Lambda takes at most " + MAX_EVENT_BYTES
          + " bytes per synchronous invocation: send fewer records per request", null));
    }
    O response;
    try {
      response = run(message);
    } catch (MessageConversionException e) {
      return httpResponse(400, error("MalformedRequest", e.getMessage(), null));
    } catch (InvalidRequestException e) {
      return httpResponse(400, error("InvalidRequest", e.getMessage(), e.field()));
    }
    return httpResponse(200, converter.write(response));
  }

  private O run(Message<byte[]> message) {
    I request = converter.read(message, stage.requestType());
    long start = System.nanoTime();
    O response;
    try {
      response = stage.function().apply(request);
    } catch (InvalidRequestException e) {
      throw e;
    } catch (RuntimeException e) {
      throw internalFailure(message, e);
    }
    metrics.record(stage.name(), message, request, response, System.nanoTime() - start);
    return response;
  }

  /**
   * Logs a fault of the stage with its stack trace and gives the caller a
   * {@link FunctionFailedException} naming the stage and the invocation: Lambda would
   * otherwise return the stack trace itself in the function error.
   */
  private FunctionFailedException internalFailure(Message<byte[]> message, RuntimeException e) {
    Object context = message.getHeaders().get(AWS_CONTEXT);
    String requestId = context instanceof Context lambda ? lambda.getAwsRequestId() : null;
    String where = "stage " + stage.name() + (requestId == null ? "" : ", request " + requestId);
    logger.error("Internal error in " + where, e);
    return new FunctionFailedException("Internal error in " + where
        + "; the function's log has the details");
  }

  private static Message<byte[]> httpResponse(int status, byte[] json) {
    return MessageBuilder.withPayload(json)
        .setHeader(STATUS_CODE, status)
        .setHeader("content-type", MimeTypeUtils.APPLICATION_JSON_VALUE)
        .build();
  }

  private static byte[] error(String error, String message, String field) {
    // Gson, already loaded for protobuf's JsonFormat: no JSON mapper to build on a cold start.
    JsonObject body = new JsonObject();
    body.addProperty("error", error);
    body.addProperty("message", message);
    if (field != null) {
      body.addProperty("field", field);
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return stage.name();
  }
}
