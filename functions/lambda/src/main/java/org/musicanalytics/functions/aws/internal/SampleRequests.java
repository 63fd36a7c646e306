package org.musicanalytics.functions.aws.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.util.List;

/**
 * A small request of any message type, built from its descriptor, for priming a function
 * before a snapshot ({@link FunctionPriming}).
 *
 * <p>Every field is set once, positive, non-empty and single, so that the sample passes the
 * stages' validation, but {@code uint32} fields, which are 0: in this contract they are
 * indexes into lists (of one element in a sample), partition numbers, or settings whose 0
 * means the function's default. Map keys of the same type are equal across maps, so a song
 * key in {@code play_counts} also finds its {@code songs} entry. Built rather than written
 * out so that a new stage is primed with no new code.
 */
public final class SampleRequests {

  /** How deep message fields nest in a sample; recursive types stop here. */
  static final int MAX_DEPTH = 4;

  private static final String ANY = "google.protobuf.Any";

  private SampleRequests() {}

  /**
   * A sample {@code type}.
   *
   * @throws IllegalArgumentException if {@code type} is not a generated protobuf message
   */
  public static <T extends Message> T of(Class<T> type) {
    return type.cast(fill(ProtoJson.defaultInstance(type).newBuilderForType(), 0).build());
  }

  private static Message.Builder fill(Message.Builder builder, int depth) {
    for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
      OneofDescriptor oneof = field.getRealContainingOneof();
      if (oneof != null && builder.hasOneof(oneof)) {
        continue; // one member per oneof
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && (depth >= MAX_DEPTH || ANY.equals(field.getMessageType().getFullName()))) {
        continue; // an Any of no known type cannot be printed as JSON
      }
      if (field.isRepeated()) {
        builder.addRepeatedField(field, value(builder, field, depth));
      } else {
        builder.setField(field, value(builder, field, depth));
      }
    }
    return builder;
  }

  private static Object value(Message.Builder parent, FieldDescriptor field, int depth) {
    switch (field.getJavaType()) {
      case INT:
        return field.getType() == FieldDescriptor.Type.UINT32 ? 0 : 1;
      case LONG:
        return 1L;
      case FLOAT:
        return 1f;
      case DOUBLE:
        return 1d;
      case BOOLEAN:
        return true;
      case STRING:
        return "sample-" + field.getName();
      case BYTE_STRING:
        return ByteString.copyFromUtf8("sample-" + field.getName());
      case ENUM:
        List<EnumValueDescriptor> values = field.getEnumType().getValues();
        return values.get(values.size() - 1);
      case MESSAGE:
        // A map entry is a message of key and value at the same depth as the map.
        int next = field.isMapField() ? depth : depth + 1;
        return fill(parent.newBuilderForField(field), next).build();
      default:
        throw new IllegalArgumentException("Unexpected field type " + field.getJavaType());
    }
  }
}
