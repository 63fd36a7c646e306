package org.musicanalytics.csv;

import java.nio.charset.StandardCharsets;
import org.musicanalytics.csv.internal.TextRow;

/**
 * One accepted row as the reader holds it: the text fields of a {@code StreamRecord} as
 * slices of well-formed UTF-8 in one byte array, and the duration as a number. A sink can
 * copy the slices straight onto the wire, without a {@code String} per field.
 *
 * <p>The reader hands out the same object for every row and reuses its bytes: a row is
 * valid only during the call that hands it on.
 */
public interface Utf8Row {

  /** The text fields, by their index in {@link #start} and {@link #length}. */
  int USER_ID = 0;
  int SONG_ID = 1;
  int ARTIST = 2;
  int TIMESTAMP = 3;
  /** Empty when the file has no genre column. */
  int GENRE = 4;

  /** The bytes the fields are slices of. */
  byte[] bytes();

  /** Where text field {@code field} starts in {@link #bytes}. */
  int start(int field);

  /** How many bytes of UTF-8 text field {@code field} takes. */
  int length(int field);

  /** The duration in seconds. */
  int duration();

  /** Text field {@code field} as a string. */
  default String text(int field) {
    return new String(bytes(), start(field), length(field), StandardCharsets.UTF_8);
  }

  /**
   * A row of the given fields, encoded to UTF-8 as protobuf encodes strings (an unpaired
   * surrogate becomes {@code '?'}).
   */
  static Utf8Row of(String userId, String songId, String artist, int duration,
      String timestamp, String genre) {
    return new TextRow(userId, songId, artist, duration, timestamp, genre);
  }
}
