package org.musicanalytics.functions.aws;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.musicanalytics.functions.aws.internal.ProtoJson;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.util.MimeTypeUtils;

/**
 * Reads and writes any protobuf message as proto3 JSON, the only form a Lambda invoke
 * payload can take.
 *
 * <p>Spring Cloud Function ignores converters whose class lives in an
 * {@code org.springframework} package, and spring-messaging's protobuf converter reads a
 * plain invoke (no content type) as binary protobuf; hence this class. A payload that is
 * not the proto3 JSON of the target message fails with a
 * {@link MessageConversionException} naming the type and the problem, never with an empty
 * message. Behind API Gateway ({@link #isApiGatewayEvent}) the request is the event's
 * {@code body}. JSON is read with Gson, which {@code JsonFormat} loads anyway, so a cold
 * start initialises no Jackson mapper.
 */
public class ProtobufJsonMessageConverter extends AbstractMessageConverter {

  /** Header the AWS adapter sets when the payload is an API Gateway proxy event. */
  public static final String AWS_API_GATEWAY = "aws-api-gateway";

  /** A qualified exception class name heading a message, as JsonFormat passes on gson's. */
  private static final Pattern EXCEPTION_PREFIX =
      Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ");

  public ProtobufJsonMessageConverter() {
    super(MimeTypeUtils.APPLICATION_JSON);
  }

  @Override
  protected boolean supports(Class<?> clazz) {
    return Message.class.isAssignableFrom(clazz);
  }

  @Override
  protected Object convertFromInternal(
      org.springframework.messaging.Message<?> message, Class<?> targetClass,
      Object conversionHint) {
    return read(message, targetClass.asSubclass(Message.class));
  }

  /**
   * Reads the request a Lambda message carries.
   *
   * @param message a plain invoke payload, or an API Gateway proxy event when the
   *     {@value #AWS_API_GATEWAY} header is true
   * @param type the request message class
   * @throws MessageConversionException naming the message type and what is wrong, if the
   *     payload is not JSON or not the proto3 JSON of {@code type} (including JSON none of
   *     whose fields {@code type} has)
   */
  public <T extends Message> T read(org.springframework.messaging.Message<?> message,
      Class<T> type) {
    String json = requestJson(message);
    Message.Builder builder = ProtoJson.defaultInstance(type).newBuilderForType();
    try {
      ProtoJson.PARSER.merge(json, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      // JsonFormat reports bad JSON and wrong types (e.g. a string for an int32) as
      // InvalidProtocolBufferException, and a few malformed inputs as runtime errors.
      throw new MessageConversionException(message,
          "Request is not the proto3 JSON of " + builder.getDescriptorForType().getFullName()
              + ": " + problem(e), e);
    }
    Message request = builder.build();
    if (request.equals(builder.getDefaultInstanceForType())) {
      rejectForeignFields(message, json, builder.getDescriptorForType());
    }
    return type.cast(request);
  }

  /**
   * Whether {@code message} carries an API Gateway proxy event (REST API or HTTP API,
   * payload format 1.0 or 2.0) rather than a plain invoke payload: Spring Cloud Function's
   * AWS adapter then sets header {@value #AWS_API_GATEWAY} and wraps the function's result
   * in a proxy response ({@code statusCode}, {@code headers}, {@code body}).
   */
  public static boolean isApiGatewayEvent(org.springframework.messaging.Message<?> message) {
    return Boolean.TRUE.equals(message.getHeaders().get(AWS_API_GATEWAY));
  }

  /**
   * Prints a response message as compact proto3 JSON (UTF-8) under its {@code .proto}
   * field names.
   *
   * @throws MessageConversionException if the message cannot be printed (an {@code Any}
   *     of an unknown type; the music messages have none)
   */
  public byte[] write(Message response) {
    try {
      return ProtoJson.PRINTER.print(response).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new MessageConversionException(
          "Cannot print " + response.getClass().getName() + " as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Fails a request that parsed to the empty message although its JSON object has fields:
   * when none of them belongs to the message, it is another message's JSON (say a
   * recommendation request sent to the map-reduce), which ignoring unknown fields would
   * otherwise turn into an empty request and an empty, plausible-looking answer.
   */
  private static void rejectForeignFields(org.springframework.messaging.Message<?> message,
      String json, Descriptor descriptor) {
    JsonElement request;
    try {
      request = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      return; // JsonFormat accepted it; nothing more to say
    }
    if (!request.isJsonObject()) {
      return;
    }
    List<String> names = new ArrayList<>(request.getAsJsonObject().keySet());
    if (names.isEmpty()) {
      return;
    }
    for (FieldDescriptor field : descriptor.getFields()) {
      if (names.contains(field.getName()) || names.contains(field.getJsonName())) {
        return;
      }
    }
    throw new MessageConversionException(message, "Request is not the proto3 JSON of "
        + descriptor.getFullName() + ": it has none of its fields ("
        + descriptor.getFields().stream().map(FieldDescriptor::getName)
            .collect(Collectors.joining(", "))
        + ") but " + String.join(", ", names));
  }

  /** The exception's message without the class names JsonFormat copies into it. */
  private static String problem(Exception e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String stripped;
    while (!(stripped = EXCEPTION_PREFIX.matcher(text).replaceFirst("")).equals(text)) {
      text = stripped;
    }
    return text;
  }

  @Override
  protected Object convertToInternal(
      Object payload, MessageHeaders headers, Object conversionHint) {
    return write((Message) payload);
  }

  /** The request's JSON text: the payload itself, or an API Gateway event's body. */
  private static String requestJson(org.springframework.messaging.Message<?> message) {
    String payload = text(message);
    if (!isApiGatewayEvent(message)) {
      return payload;
    }
    JsonObject event;
    try {
      JsonElement parsed = JsonParser.parseString(payload);
      if (!parsed.isJsonObject()) {
        throw new MessageConversionException(message, "API Gateway event is not a JSON object");
      }
      event = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new MessageConversionException(message,
          "API Gateway event is not JSON: " + problem(e), e);
    }
    JsonElement body = event.get("body");
    if (body == null || body.isJsonNull()) {
      throw new MessageConversionException(message, "API Gateway event has no body");
    }
    if (!body.isJsonPrimitive() || !body.getAsJsonPrimitive().isString()) {
      // A test harness may pass the body as a JSON object rather than a string.
      return body.toString();
    }
    JsonElement base64 = event.get("isBase64Encoded");
    if (base64 != null && base64.isJsonPrimitive() && base64.getAsJsonPrimitive().isBoolean()
        && base64.getAsBoolean()) {
      try {
        return new String(Base64.getDecoder().decode(body.getAsString()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new MessageConversionException(message,
            "API Gateway event body is marked isBase64Encoded but is not base64: "
                + e.getMessage(), e);
      }
    }
    return body.getAsString();
  }

  private static String text(org.springframework.messaging.Message<?> message) {
    Object payload = message.getPayload();
    if (payload instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (payload instanceof String string) {
      return string;
    }
    throw new MessageConversionException(message,
        "Expected a JSON payload as bytes or text, got " + payload.getClass().getName());
  }
}
