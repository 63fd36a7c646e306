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
      if (record.getUserId().isEmpty()) {
        throw new InvalidRequestException("records[" + i + "].user_id", "must not be empty");
      }
      if (record.getDuration() < 0) {
        throw new InvalidRequestException("records[" + i + "].duration",
            "must not be negative, was " + record.getDuration());
      }
    }
  }
}
