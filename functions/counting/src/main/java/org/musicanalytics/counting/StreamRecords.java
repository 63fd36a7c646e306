package org.musicanalytics.counting;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/** Rules every stage applies to the plays it receives. */
public final class StreamRecords {

  private StreamRecords() {}

  /** The play-count key of a song: {@code "<artist> - <song_id>"}, as the old contract. */
  public static String songKey(String artist, String songId) {
    return artist + " - " + songId;
  }

  /**
   * Checks every record of a request.
   *
   * @throws InvalidRequestException naming the first bad field and its record index
   */
  public static void validate(StreamList request) {
    List<StreamRecord> records = request.getRecordsList();
    for (int i = 0; i < records.size(); i++) {
      StreamRecord record = records.get(i);
      InvalidRequestException violation =
          violation(i, record.getUserId(), record.getDuration());
      if (violation != null) {
        throw violation;
      }
    }
  }

  /**
   * The first rule the record at {@code index} breaks, as the exception that names it, or
   * {@code null}: the rules of {@link #validate}, for readers that have no record objects.
   */
  public static InvalidRequestException violation(int index, String userId, int duration) {
    return violation(index, userId.isEmpty(), userId.isBlank(), duration);
  }

  /**
   * As {@link #violation(int, String, int)}, for a reader that holds the user id as its
   * UTF-8 bytes {@code utf8[offset..offset + length)}: it is not decoded unless it starts
   * with something other than printable ASCII.
   */
  public static InvalidRequestException violation(int index, byte[] utf8, int offset,
      int length, int duration) {
    return violation(index, length == 0, isBlank(utf8, offset, length), duration);
  }

  /**
   * Whether UTF-8 bytes are blank as {@link String#isBlank} judges their text: empty or
   * white space only. A user id like that names nobody; the CSV reader rejects the row.
   */
  public static boolean isBlank(byte[] utf8, int offset, int length) {
    if (length == 0) {
      return true;
    }
    int first = utf8[offset];
    if (first > ' ' && first < 0x7F) {
      return false;
    }
    return new String(utf8, offset, length, StandardCharsets.UTF_8).isBlank();
  }

  private static InvalidRequestException violation(int index, boolean empty, boolean blank,
      int duration) {
    if (blank) {
      return new InvalidRequestException("records[" + index + "].user_id",
          empty ? "must not be empty" : "must not be blank");
    }
    if (duration < 0) {
      return new InvalidRequestException("records[" + index + "].duration",
          "must not be negative, was " + duration);
    }
    return null;
  }
}
