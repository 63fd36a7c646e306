package org.musicanalytics.csv.internal;

import java.nio.charset.StandardCharsets;
import org.musicanalytics.csv.Utf8Row;

/** A {@link Utf8Row} made from strings, for callers that hold records rather than bytes. */
public final class TextRow implements Utf8Row {

  private final byte[] bytes;
  private final int[] starts = new int[5];
  private final int[] lengths = new int[5];
  private final int duration;

  public TextRow(String userId, String songId, String artist, int duration,
      String timestamp, String genre) {
    // String.getBytes replaces an unpaired surrogate by '?', as protobuf's writeString does.
    byte[][] fields = new byte[5][];
    fields[USER_ID] = userId.getBytes(StandardCharsets.UTF_8);
    fields[SONG_ID] = songId.getBytes(StandardCharsets.UTF_8);
    fields[ARTIST] = artist.getBytes(StandardCharsets.UTF_8);
    fields[TIMESTAMP] = timestamp.getBytes(StandardCharsets.UTF_8);
    fields[GENRE] = genre.getBytes(StandardCharsets.UTF_8);
    int total = 0;
    for (byte[] field : fields) {
      total += field.length;
    }
    bytes = new byte[total];
    int at = 0;
    for (int i = 0; i < fields.length; i++) {
      System.arraycopy(fields[i], 0, bytes, at, fields[i].length);
      starts[i] = at;
      lengths[i] = fields[i].length;
      at += fields[i].length;
    }
    this.duration = duration;
  }

  @Override
  public byte[] bytes() {
    return bytes;
  }

  @Override
  public int start(int field) {
    return starts[field];
  }

  @Override
  public int length(int field) {
    return lengths[field];
  }

  @Override
  public int duration() {
    return duration;
  }
}
