package org.musicanalytics.csv;

import java.util.function.Consumer;
import org.musicanalytics.proto.StreamRecord;

/**
 * Receives the accepted rows of an input file field by field, in file order, so that a
 * caller can encode them straight onto the wire without building a {@link StreamRecord}
 * per row. The fields have passed the reader's row rules. A caller that can take the
 * fields as UTF-8 bytes saves decoding them: see {@link Utf8RowSink}.
 */
@FunctionalInterface
public interface RowSink {

  /** One accepted row: the fields of a {@code StreamRecord}. */
  void accept(String userId, String songId, String artist, int duration, String timestamp,
      String genre);

  /** A sink that builds a {@link StreamRecord} per row and hands it to {@code records}. */
  static RowSink ofRecords(Consumer<? super StreamRecord> records) {
    return (userId, songId, artist, duration, timestamp, genre) ->
        records.accept(StreamRecord.newBuilder()
            .setUserId(userId)
            .setSongId(songId)
            .setArtist(artist)
            .setDuration(duration)
            .setTimestamp(timestamp)
            .setGenre(genre)
            .build());
  }
}
