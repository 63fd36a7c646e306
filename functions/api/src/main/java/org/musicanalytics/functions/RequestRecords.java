package org.musicanalytics.functions;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * How many records a request carries: the one count that the host's call log and metrics
 * and the Lambda functions' metrics report.
 */
public final class RequestRecords {

  /** Bounds the search for the main repeated field, since a message type may contain itself. */
  private static final int MAX_DEPTH = 3;

  private RequestRecords() {}

  /**
   * The size of the main list of {@code message}: its first non-empty repeated (or map)
   * field by field number, looked for depth-first through singular message fields when the
   * top level has none (0 when every list is empty). That is {@code records} of a
   * {@code StreamList}, and of a {@code RecommendationRequest} the songs it ranks:
   * {@code ranking} when a sharded client sends it, else {@code play_counts.play_counts}.
   *
   * @return empty when the message has no list at all
   */
  public static OptionalInt count(Message message) {
    return count(message, MAX_DEPTH);
  }

  private static OptionalInt count(Message message, int depth) {
    List<FieldDescriptor> fields = message.getDescriptorForType().getFields().stream()
        .sorted(Comparator.comparingInt(FieldDescriptor::getNumber))
        .toList();
    boolean hasList = false;
    for (FieldDescriptor field : fields) {
      if (field.isRepeated()) {
        hasList = true;
        int count = message.getRepeatedFieldCount(field);
        if (count > 0) {
          return OptionalInt.of(count);
        }
      }
    }
    for (FieldDescriptor field : fields) {
      if (depth > 0 && !field.isRepeated()
          && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        OptionalInt nested = count((Message) message.getField(field), depth - 1);
        if (nested.isPresent()) {
          hasList = true;
          if (nested.getAsInt() > 0) {
            return nested;
          }
        }
      }
    }
    return hasList ? OptionalInt.of(0) : OptionalInt.empty();
  }
}
