package org.musicanalytics.functions.aws.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/**
 * The proto3 JSON form of the Lambda payloads, in one place: requests are read ignoring
 * unknown fields (a newer client can call an older function), responses printed compact
 * under their {@code .proto} field names ({@code play_counts}, {@code processing_time}).
 *
 * <p>Free of Spring, so that the no-Spring floor of the cold-start benchmark
 * ({@link PlainStreamHandler}) reads and prints exactly as the Spring Cloud Function path.
 */
public final class ProtoJson {

  /** Reads proto3 JSON, ignoring fields the message does not have. Thread-safe. */
  public static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  /** Prints compact proto3 JSON under the {@code .proto} field names. Thread-safe. */
  public static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

  private ProtoJson() {}

  /**
   * The default instance of a generated message class, whose builder reads a request.
   *
   * @throws IllegalArgumentException if {@code type} is not a generated protobuf message
   */
  public static Message defaultInstance(Class<?> type) {
    try {
      return (Message) type.getMethod("getDefaultInstance").invoke(null);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException(
          type.getName() + " is not a generated protobuf message", e);
    }
  }

  /**
   * Reads {@code json} as a {@code type}.
   *
   * @throws InvalidProtocolBufferException if it is not the proto3 JSON of {@code type}
   */
  public static <T extends Message> T read(String json, Class<T> type)
      throws InvalidProtocolBufferException {
    Message.Builder builder = defaultInstance(type).newBuilderForType();
    PARSER.merge(json, builder);
    return type.cast(builder.build());
  }

  /** Prints {@code message} as compact proto3 JSON. */
  public static String print(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only an Any of an unregistered type fails to print; the music messages have none.
      throw new IllegalStateException(
          "Cannot print " + message.getDescriptorForType().getFullName() + " as JSON", e);
    }
  }
}
