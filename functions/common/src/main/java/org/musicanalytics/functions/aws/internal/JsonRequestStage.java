package org.musicanalytics.functions.aws.internal;

import java.util.function.Function;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.aws.ProtobufJsonMessageConverter;
import org.springframework.messaging.Message;

/**
 * A stage as Spring Cloud Function sees it: the raw Lambda message in, the response
 * message out (printed as JSON by {@link ProtobufJsonMessageConverter} on the way back).
 *
 * <p>The request is read here rather than by Spring Cloud Function's input conversion
 * because that conversion swallows a converter's error and tries the next converter:
 * Jackson then builds an empty protobuf message from any JSON object, and the stage runs
 * on nothing. Reading it here makes a bad request fail with the converter's own message.
 */
public final class JsonRequestStage<I extends com.google.protobuf.Message,
    O extends com.google.protobuf.Message> implements Function<Message<byte[]>, O> {

  private final AnalyticsFunction<I, O> stage;
  private final ProtobufJsonMessageConverter converter;

  public JsonRequestStage(AnalyticsFunction<I, O> stage, ProtobufJsonMessageConverter converter) {
    this.stage = stage;
    this.converter = converter;
  }

  @Override
  public O apply(Message<byte[]> message) {
    return stage.function().apply(converter.read(message, stage.requestType()));
  }

  @Override
  public String toString() {
    return stage.name();
  }
}
