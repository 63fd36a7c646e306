package org.musicanalytics.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.musicanalytics.proto.StreamRecord;

/** Test fixture: records written as an input CSV, every field quoted as RFC 4180 does. */
final class TestCsv {

  private TestCsv() {}

  static Path write(Path file, List<StreamRecord> records) throws IOException {
    StringBuilder csv = new StringBuilder("user_id,song_id,artist,duration,timestamp,genre\r\n");
    for (StreamRecord record : records) {
      csv.append(quoted(record.getUserId())).append(',')
          .append(quoted(record.getSongId())).append(',')
          .append(quoted(record.getArtist())).append(',')
          .append(record.getDuration()).append(',')
          .append(quoted(record.getTimestamp())).append(',')
          .append(quoted(record.getGenre())).append("\r\n");
    }
    return Files.writeString(file, csv, StandardCharsets.UTF_8);
  }

  private static String quoted(String field) {
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
