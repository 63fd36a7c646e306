package org.musicanalytics.functions;

import java.util.List;
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
      InvalidRequestException problem = problem(i, record.getUserId(), record.getDuration());
      if (problem != null) {
        throw problem;
      }
    }
  }

  /**
   * The first rule the record at {@code index} breaks, as the exception that names it, or
   * {@code null}: the rules of {@link #validate}, for readers that have no record objects.
   */
  public static InvalidRequestException problem(int index, String userId, int duration) {
    return problem(index, userId.isEmpty(), duration);
  }

  /** As {@link #problem(int, String, int)}, for readers that have not decoded the user id. */
  public static InvalidRequestException problem(int index, boolean emptyUserId, int duration) {
    if (emptyUserId) {
      return new InvalidRequestException("records[" + index + "].user_id", "must not be empty");
    }
    if (duration < 0) {
      return new InvalidRequestException("records[" + index + "].duration",
          "must not be negative, was " + duration);
    }
    return null;
  }
}
