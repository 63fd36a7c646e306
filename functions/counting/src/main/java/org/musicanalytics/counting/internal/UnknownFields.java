package org.musicanalytics.counting.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/**
 * Skips a field a hand-written reader does not know, accepting and refusing exactly what
 * the generated parser does when it reads the field into its unknown-field set.
 *
 * <p>{@link CodedInputStream#skipField} alone differs: it refuses a varint whose tenth byte
 * still has its continuation bit set, which the generated parser reads (with
 * {@code readInt64}, as it reads every unknown varint). So varints are read here, in
 * groups too, and groups are followed to their end with the generated parser's nesting
 * limit.
 */
public final class UnknownFields {

  /** protobuf-java's default recursion limit, which the generated parser applies. */
  private static final int RECURSION_LIMIT = 100;

  private UnknownFields() {}

  /**
   * Skips the field whose {@code tag} was just read.
   *
   * @param depth how many messages and groups enclose the field, as the generated parser
   *     counts them: 0 for a field of the message parsed, 1 inside a nested message
   * @return false for an end-group tag, which the caller then refuses (it ends no group
   *     the caller started), as the generated parser does
   * @throws InvalidProtocolBufferException where the generated parser fails
   */
  public static boolean skip(CodedInputStream in, int tag, int depth) throws IOException {
    switch (WireFormat.getTagWireType(tag)) {
      case WireFormat.WIRETYPE_VARINT:
        in.readInt64();
        return true;
      case WireFormat.WIRETYPE_START_GROUP:
        if (depth >= RECURSION_LIMIT) {
          throw new InvalidProtocolBufferException("Protocol message had too many levels of "
              + "nesting.  May be malicious.  Use setRecursionLimit() to increase the "
              + "recursion depth limit.");
        }
        int inner;
        do {
          inner = in.readTag();
        } while (inner != 0 && skip(in, inner, depth + 1));
        // The end-group tag of the same field: the start tag with the other wire type.
        in.checkLastTagWas(tag - WireFormat.WIRETYPE_START_GROUP
            + WireFormat.WIRETYPE_END_GROUP);
        return true;
      case WireFormat.WIRETYPE_END_GROUP:
        return false;
      default:
        return in.skipField(tag);
    }
  }
}
