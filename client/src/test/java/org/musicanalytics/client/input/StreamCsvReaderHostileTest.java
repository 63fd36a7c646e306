package org.musicanalytics.client.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.functions.FuzzInputs;
import org.musicanalytics.proto.StreamRecord;

/**
 * Targeted hostile input files: duplicate rows, NUL bytes, durations at the edges, giant
 * fields. Every row is either a record or a rejection with its line.
 */
class StreamCsvReaderHostileTest {

  private static final String HEADER = "user_id,song_id,artist,duration,timestamp,genre\n";

  @TempDir
  Path directory;

  private final List<StreamRecord> records = new ArrayList<>();

  private Path file(byte[] content) throws IOException {
    return Files.write(directory.resolve("plays.csv"), content);
  }

  private Path file(String content) throws IOException {
    return file(content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldReadDuplicateRowsAsTwoPlays() throws Exception {
    String row = "U1,S1,Adele,200,2025-11-05T10:53:00,Pop\n";

    InputSummary summary = StreamCsvReader.strict().read(file(HEADER + row + row), records::add);

    assertThat(summary.recordsRead()).isEqualTo(2);
    assertThat(records).hasSize(2).first().isEqualTo(records.get(1));
  }

  @Test
  void shouldKeepNulBytesAsText() throws Exception {
    InputSummary summary = StreamCsvReader.strict().read(
        file(HEADER + "U\u00001,S1,\"A\u0000B\",200,t,Pop\n"), records::add);

    assertThat(summary.recordsRead()).isEqualTo(1);
    assertThat(records.get(0).getUserId()).isEqualTo("U\u00001");
    assertThat(records.get(0).getArtist()).isEqualTo("A\u0000B");
  }

  @Test
  void shouldAcceptZeroAndInt32MaxDurationsAndRejectTheRestWithTheirLines() throws Exception {
    InputSummary summary = StreamCsvReader.lenient().read(file(HEADER
        + "U1,S1,A,0,t,Pop\n"
        + "U1,S1,A,2147483647,t,Pop\n"
        + "U1,S1,A,-1,t,Pop\n"
        + "U1,S1,A,2147483648,t,Pop\n"
        + "U1,S1,A,9223372036854775808,t,Pop\n"
        + "U1,S1,A,-0,t,Pop\n"), records::add);

    assertThat(records).extracting(StreamRecord::getDuration)
        .containsExactly(0, Integer.MAX_VALUE, 0);
    assertThat(summary.rowsRejected()).isEqualTo(3);
    assertThat(summary.firstRejections()).extracting(RejectedRow::line).containsExactly(4L, 5L, 6L);
    assertThat(summary.firstRejections()).extracting(RejectedRow::reason).containsExactly(
        "duration '-1' is negative",
        "duration '2147483648' is larger than 2147483647 seconds",
        "duration '9223372036854775808' is larger than 2147483647 seconds");
  }

  @Test
  void shouldReadAGiantUserIdWhole() throws Exception {
    String user = FuzzInputs.giant('u', 4 * 1024 * 1024);

    InputSummary summary = StreamCsvReader.strict().read(
        file(HEADER + user + ",S1,A,200,t,Pop\nU2,S1,A,1,t,Pop\n"), records::add);

    assertThat(summary.recordsRead()).isEqualTo(2);
    assertThat(records.get(0).getUserId()).isEqualTo(user);
  }
}
