package org.musicanalytics.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.counting.FuzzInputs;
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

  /**
   * FastCSV 4.1.0 loses a quoted field that holds a lone CR when it ends its row: the field
   * vanishes and the next line is read into the row, so two rows become one (here a
   * rejected one) and a play disappears without a count.
   */
  @Test
  void shouldKeepAQuotedFieldWithALoneCarriageReturn() throws Exception {
    InputSummary summary = StreamCsvReader.lenient().read(file(HEADER
        + "U1,S1,A,200,t,\"Po\rp\"\n"
        + "U2,S2,B,100,t,Rock\n"), records::add);

    assertThat(summary.recordsRead() + summary.rowsRejected()).as("rows seen").isEqualTo(2);
    assertThat(records).extracting(StreamRecord::getGenre).containsExactly("Po\rp", "Rock");
  }

  /**
   * Bytes that are not UTF-8 are not read as other text: the row is rejected with its line,
   * or the file is refused naming it, but no record carries a replacement character that
   * was not in the file (two distinct invalid user ids would merge into one user).
   */
  @Test
  void shouldNotReadBytesThatAreNotUtf8AsOtherText() throws Exception {
    byte[] content = FuzzInputs.concat(FuzzInputs.utf8(HEADER + "U"), new byte[] {(byte) 0xFF},
        FuzzInputs.utf8("1,S1,A,200,t,Pop\nU"), new byte[] {(byte) 0xFE},
        FuzzInputs.utf8("1,S1,A,200,t,Pop\nU2,S1,A,200,t,Pop\n"));
    Path file = file(content);

    try {
      InputSummary summary = StreamCsvReader.lenient().read(file, records::add);
      assertThat(records).extracting(StreamRecord::getUserId).containsExactly("U2");
      assertThat(summary.firstRejections()).extracting(RejectedRow::line).containsExactly(2L, 3L);
      assertThat(summary.firstRejections()).extracting(RejectedRow::reason)
          .allSatisfy(reason -> assertThat(reason).contains("UTF-8"));
    } catch (InputException e) {
      assertThat(e.getMessage()).contains(file.toString()).contains("UTF-8");
    }
  }

  /**
   * Messages about a file stay one short line whatever the file holds: a header field with a
   * line break, a giant duration field.
   */
  @Test
  void shouldKeepMessagesOneShortLine() throws Exception {
    Path header = file("user_id,\"song\nid\",artist,duration,timestamp\n");
    try {
      StreamCsvReader.lenient().read(header, records::add);
      throw new AssertionError("a header without song_id was accepted");
    } catch (InputException e) {
      assertThat(e.getMessage()).doesNotContain("\n", "\r");
    }

    String giant = FuzzInputs.giant('9', 1024 * 1024) + "x";
    InputSummary summary = StreamCsvReader.lenient().read(
        file(HEADER + "U1,S1,A," + giant + ",t,Pop\nU2,S1,A,\"1\n2\",t,Pop\n"), records::add);

    assertThat(summary.firstRejections()).hasSize(2).extracting(RejectedRow::reason)
        .allSatisfy(reason -> assertThat(reason).hasSizeLessThan(300).doesNotContain("\n"));
  }
}
