package org.musicanalytics.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.musicanalytics.proto.StreamRecord;

class StreamCsvReaderTest {

  private static final String HEADER = "user_id,song_id,artist,duration,timestamp,genre\n";

  @TempDir
  Path directory;

  private final List<StreamRecord> records = new ArrayList<>();

  private Path file(String content) throws IOException {
    return file(content.getBytes(StandardCharsets.UTF_8));
  }

  private Path file(byte[] content) throws IOException {
    Path file = directory.resolve("plays.csv");
    Files.write(file, content);
    return file;
  }

  private InputSummary readLeniently(Path file) throws InputException {
    return StreamCsvReader.lenient().read(file, records::add);
  }

  private static StreamRecord record(String user, String song, String artist, int duration,
      String timestamp, String genre) {
    return StreamRecord.newBuilder().setUserId(user).setSongId(song).setArtist(artist)
        .setDuration(duration).setTimestamp(timestamp).setGenre(genre).build();
  }

  @Test
  void shouldReadQuotedFieldsWithCommasQuotesAndLineBreaks() throws Exception {
    Path file = file(HEADER
        + "U1,S1,\"Crosby, Stills & Nash\",200,2025-11-05T10:00:00,Rock\n"
        + "U2,S2,\"The \"\"Real\"\" Band\",180,2025-11-05T10:01:00,Pop\n"
        + "U3,S3,\"Line\nBreak\",120,2025-11-05T10:02:00,\"Hip-Hop\"\n");

    InputSummary summary = readLeniently(file);

    assertThat(records).containsExactly(
        record("U1", "S1", "Crosby, Stills & Nash", 200, "2025-11-05T10:00:00", "Rock"),
        record("U2", "S2", "The \"Real\" Band", 180, "2025-11-05T10:01:00", "Pop"),
        record("U3", "S3", "Line\nBreak", 120, "2025-11-05T10:02:00", "Hip-Hop"));
    assertThat(summary.recordsRead()).isEqualTo(3);
    assertThat(summary.rowsRejected()).isZero();
    assertThat(summary.path()).isEqualTo(file);
  }

  @Test
  void shouldReadCrlfLineEndsByteOrderMarkAndNonAsciiText() throws Exception {
    String text = HEADER.replace("\n", "\r\n")
        + "Ü1,S1,Beyoncé,200,2025-11-05T10:00:00,Pop\r\n"
        + "U2,S2,坂本龍一,180,2025-11-05T10:01:00,Ambient\r\n";
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, content, 0, bom.length);
    System.arraycopy(body, 0, content, bom.length, body.length);

    InputSummary summary = readLeniently(file(content));

    // The BOM would otherwise glue itself to "user_id" and the header would not match;
    // CRLF would otherwise leave "\r" on every genre.
    assertThat(records).containsExactly(
        record("Ü1", "S1", "Beyoncé", 200, "2025-11-05T10:00:00", "Pop"),
        record("U2", "S2", "坂本龍一", 180, "2025-11-05T10:01:00", "Ambient"));
    assertThat(summary.rowsRejected()).isZero();
  }

  @Test
  void shouldSkipBlankLinesAndKeepPhysicalLineNumbers() throws Exception {
    Path file = file(HEADER
        + "\n"
        + "U1,S1,A,200,2025-11-05T10:00:00,Rock\n"
        + "\r\n"
        + "\n"
        + "U2,S2,B,oops,2025-11-05T10:01:00,Pop\n"
        + "\n");

    InputSummary summary = readLeniently(file);

    assertThat(records).extracting(StreamRecord::getUserId).containsExactly("U1");
    assertThat(summary.rowsRejected()).isEqualTo(1);
    assertThat(summary.firstRejections())
        .containsExactly(new RejectedRow(6, "duration 'oops' is not an integer"));
  }

  @Test
  void shouldCountLinesOfMultiLineQuotedFieldsInLaterLineNumbers() throws Exception {
    Path file = file(HEADER
        + "U1,S1,\"two\nline artist\",200,2025-11-05T10:00:00,Rock\n"
        + "U2,S2,\"three\nline\nartist\",200,2025-11-05T10:00:00,Rock\n"
        + ",S3,C,200,2025-11-05T10:00:00,Rock\n");

    InputSummary summary = readLeniently(file);

    assertThat(summary.recordsRead()).isEqualTo(2);
    assertThat(summary.firstRejections()).containsExactly(new RejectedRow(7, "user_id is empty"));
  }

  @Test
  void shouldReadOlderFilesWithoutGenreColumnAsEmptyGenre() throws Exception {
    Path file = file("user_id,song_id,artist,duration,timestamp\n"
        + "U1,S1,A,200,2025-11-05T10:00:00\n");

    readLeniently(file);

    assertThat(records).containsExactly(record("U1", "S1", "A", 200, "2025-11-05T10:00:00", ""));
  }

  @Test
  void shouldLocateColumnsByHeaderNameInAnyOrderIgnoringUnknownColumns() throws Exception {
    Path file = file(" Genre ,timestamp,DURATION,note,artist,song_id,user_id\n"
        + "Rock,2025-11-05T10:00:00,200,hello,A,S1,U1\n");

    readLeniently(file);

    assertThat(records).containsExactly(
        record("U1", "S1", "A", 200, "2025-11-05T10:00:00", "Rock"));
  }

  @Test
  void shouldKeepTextOfFieldsAsWritten() throws Exception {
    Path file = file(HEADER + "U1, S1 , The  Band ,\" 200 \",2025-11-05T10:00:00,Rock\n");

    readLeniently(file);

    // Only the duration is a number and tolerates surrounding spaces; text is kept as is.
    assertThat(records).containsExactly(
        record("U1", " S1 ", " The  Band ", 200, "2025-11-05T10:00:00", "Rock"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing columns   | U1,S1,A,200"
          + " | missing columns: 4 fields where the header has 6",
      "one field         | U1"
          + " | missing columns: 1 field where the header has 6",
      "extra columns     | U1,S1,A,200,2025-11-05T10:00:00,Rock,extra"
          + " | extra columns: 7 fields where the header has 6",
      "text duration     | U1,S1,A,abc,2025-11-05T10:00:00,Rock"
          + " | duration 'abc' is not an integer",
      "decimal duration  | U1,S1,A,2.5,2025-11-05T10:00:00,Rock"
          + " | duration '2.5' is not an integer",
      "empty duration    | U1,S1,A,,2025-11-05T10:00:00,Rock"
          + " | duration is empty",
      "negative duration | U1,S1,A,-5,2025-11-05T10:00:00,Rock"
          + " | duration '-5' is negative",
      "int32 overflow    | U1,S1,A,2147483648,2025-11-05T10:00:00,Rock"
          + " | duration '2147483648' is larger than 2147483647 seconds",
      "long overflow     | U1,S1,A,99999999999999999999,2025-11-05T10:00:00,Rock"
          + " | duration '99999999999999999999' is larger than 2147483647 seconds",
      "empty user_id     | ,S1,A,200,2025-11-05T10:00:00,Rock"
          + " | user_id is empty",
      "blank user_id     | ~~~,S1,A,200,2025-11-05T10:00:00,Rock"
          + " | user_id is empty",
  })
  void shouldRejectMalformedRowWithItsLineAndReason(String name, String row, String reason)
      throws Exception {
    Path file = file(HEADER
        + "U0,S0,Z,100,2025-11-05T09:00:00,Pop\n"
        + row.replace('~', ' ') + "\n"
        + "U9,S9,Y,100,2025-11-05T11:00:00,Pop\n");

    InputSummary summary = readLeniently(file);

    assertThat(records).extracting(StreamRecord::getUserId).containsExactly("U0", "U9");
    assertThat(summary.recordsRead()).isEqualTo(2);
    assertThat(summary.rowsRejected()).isEqualTo(1);
    assertThat(summary.firstRejections()).containsExactly(new RejectedRow(3, reason));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0, 0", "2147483647, 2147483647", "+7, 7", "' 42 ', 42"})
  void shouldAcceptDurationsFromZeroToInt32Max(String duration, int expected) throws Exception {
    readLeniently(file(HEADER + "U1,S1,A,\"" + duration + "\",2025-11-05T10:00:00,Rock\n"));

    assertThat(records).extracting(StreamRecord::getDuration).containsExactly(expected);
  }

  @Test
  void shouldCountEveryRejectedRowButKeepOnlyTheFirstFive() throws Exception {
    StringBuilder content = new StringBuilder(HEADER);
    for (int i = 0; i < 8; i++) {
      content.append("U").append(i).append(",S1,A,bad").append(i)
          .append(",2025-11-05T10:00:00,Rock\n");
    }
    content.append("U9,S1,A,1,2025-11-05T10:00:00,Rock\n");

    InputSummary summary = readLeniently(file(content.toString()));

    assertThat(summary.recordsRead()).isEqualTo(1);
    assertThat(summary.rowsRejected()).isEqualTo(8);
    assertThat(summary.firstRejections()).extracting(RejectedRow::line)
        .containsExactly(2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void shouldStopAtFirstMalformedRowWhenStrict() throws Exception {
    Path file = file(HEADER
        + "U1,S1,A,200,2025-11-05T10:00:00,Rock\n"
        + "U2,S2,B,-1,2025-11-05T10:01:00,Pop\n"
        + ",S3,C,300,2025-11-05T10:02:00,Pop\n");

    assertThatThrownBy(() -> StreamCsvReader.strict().read(file, records::add))
        .isInstanceOfSatisfying(MalformedRowException.class, e ->
            assertThat(e.row()).isEqualTo(new RejectedRow(3, "duration '-1' is negative")))
        .hasMessage(file + " line 3: duration '-1' is negative"
            + " (strict mode stops at the first malformed row)");
  }

  @Test
  void shouldReadCleanFileTheSameWhenStrict() throws Exception {
    Path file = file(HEADER + "U1,S1,A,200,2025-11-05T10:00:00,Rock\n");

    InputSummary summary = StreamCsvReader.strict().read(file, records::add);

    assertThat(summary.recordsRead()).isEqualTo(1);
    assertThat(records).hasSize(1);
  }

  @Test
  void shouldShowWhereAnUnbalancedQuoteSwallowedLines() throws Exception {
    Path file = file(HEADER
        + "U1,S1,\"Open quote,200,2025-11-05T10:00:00,Rock\n"
        + "U2,S2,B,200,2025-11-05T10:01:00,Pop\n"
        + "U3,S3,C,200,2025-11-05T10:02:00,Pop\n");

    InputSummary summary = readLeniently(file);

    assertThat(summary.recordsRead()).isZero();
    assertThat(summary.firstRejections()).singleElement().satisfies(row -> {
      assertThat(row.line()).isEqualTo(2);
      assertThat(row.reason()).isEqualTo("missing columns: 3 fields where the header has 6"
          + " (the row spans lines 2-5 through quoted line breaks; check for an unbalanced quote)");
    });
  }

  @Test
  void shouldFailClearlyForMissingFile() {
    Path missing = directory.resolve("nope.csv");

    assertThatThrownBy(() -> readLeniently(missing))
        .isInstanceOf(InputException.class)
        .hasMessage("input file not found: " + missing);
  }

  @Test
  void shouldFailClearlyForDirectory() {
    assertThatThrownBy(() -> readLeniently(directory))
        .isInstanceOf(InputException.class)
        .hasMessage("cannot read input file " + directory + ": it is a directory");
  }

  @Test
  void shouldFailClearlyForEmptyFile() throws Exception {
    Path file = file("\n\n");

    assertThatThrownBy(() -> readLeniently(file))
        .isInstanceOf(InputException.class)
        .hasMessage(file + ": the file is empty, expected a header row "
            + "user_id,song_id,artist,duration,timestamp,genre");
  }

  @Test
  void shouldFailClearlyForHeaderWithoutRequiredColumns() throws Exception {
    Path file = file("user,song,artist,duration,timestamp\nU1,S1,A,1,t\n");

    assertThatThrownBy(() -> readLeniently(file))
        .isInstanceOf(InputException.class)
        .hasMessage(file + " line 1: the header lacks columns user_id, song_id (expected "
            + "user_id,song_id,artist,duration,timestamp[,genre], found "
            + "user,song,artist,duration,timestamp)");
  }

  @Test
  void shouldReadTinyFilesAsWritten() throws Exception {
    // FastCSV 4.1.0's own BOM detection turned files under four bytes into NUL characters.
    Path file = file("id\n");

    assertThatThrownBy(() -> readLeniently(file))
        .isInstanceOf(InputException.class)
        .hasMessageEndingWith("found id)");
  }

  @Test
  void shouldReadByteOrderMarkOnlyFileAsEmpty() throws Exception {
    Path file = file(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});

    assertThatThrownBy(() -> readLeniently(file))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("the file is empty");
  }

  @Test
  void shouldFailClearlyForHeaderNamingAColumnTwice() throws Exception {
    Path file = file("user_id,song_id,artist,duration,timestamp,artist\n");

    assertThatThrownBy(() -> readLeniently(file))
        .isInstanceOf(InputException.class)
        .hasMessage(file + " line 1: the header names column 'artist' twice");
  }

  @Test
  void shouldFailClearlyForTextAfterClosingQuote() throws Exception {
    Path file = file(HEADER
        + "U1,S1,A,200,2025-11-05T10:00:00,Rock\n"
        + "U2,S2,\"B\"x,200,2025-11-05T10:01:00,Pop\n");

    assertThatThrownBy(() -> readLeniently(file))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(file + ": not valid CSV: ")
        .hasMessageContaining("line 3")
        .hasMessageContaining("after closing quote");
  }

  @Test
  void shouldReadTheSameWhereverTheChunksEnd() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = (HEADER.replace("\n", "\r\n")
        + "U1,S1,\"Crosby, Stills & Nash\",200,2025-11-05T10:00:00,Rock\r\n"
        + "\r\n"
        + "Ü2,S2,\"The \"\"Real\"\" Band\",180,2025-11-05T10:01:00,Pop\n"
        + "U3,S3,\"Line\r\nBreak\",oops,2025-11-05T10:02:00,\"Hip-Hop\"\r"
        + "U4,S4,坂本龍一,\" 42 \",2025-11-05T10:03:00,🎵\r\n"
        + ",S5,E,1,2025-11-05T10:04:00,Pop\n"
        + "U6,S6,F,7,2025-11-05T10:05:00,")
        .getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, content, 0, bom.length);
    System.arraycopy(body, 0, content, bom.length, body.length);
    Path file = file(content);

    InputSummary whole = readLeniently(file);
    List<StreamRecord> expected = List.copyOf(records);
    for (int chunk = 1; chunk <= content.length + 1; chunk++) {
      List<StreamRecord> read = new ArrayList<>();
      InputSummary summary = StreamCsvReader.lenient().withChunkBytes(chunk).read(file, read::add);
      assertThat(read).as("chunks of %d bytes", chunk).isEqualTo(expected);
      assertThat(summary).as("chunks of %d bytes", chunk).isEqualTo(whole);
    }

    assertThat(expected).containsExactly(
        record("U1", "S1", "Crosby, Stills & Nash", 200, "2025-11-05T10:00:00", "Rock"),
        record("Ü2", "S2", "The \"Real\" Band", 180, "2025-11-05T10:01:00", "Pop"),
        record("U4", "S4", "坂本龍一", 42, "2025-11-05T10:03:00", "🎵"),
        record("U6", "S6", "F", 7, "2025-11-05T10:05:00", ""));
    assertThat(whole.firstRejections()).containsExactly(
        new RejectedRow(5, "duration 'oops' is not an integer (the row spans lines 5-6 through"
            + " quoted line breaks; check for an unbalanced quote)"),
        new RejectedRow(8, "user_id is empty"));
  }

  @Test
  void shouldEndRowsAtOldMacLineEnds() throws Exception {
    Path file = file(HEADER.replace("\n", "\r")
        + "U1,S1,A,200,2025-11-05T10:00:00,Rock\r\r"
        + "U2,S2,B,x,2025-11-05T10:01:00,Pop\r");

    InputSummary summary = readLeniently(file);

    assertThat(records)
        .containsExactly(record("U1", "S1", "A", 200, "2025-11-05T10:00:00", "Rock"));
    assertThat(summary.firstRejections())
        .containsExactly(new RejectedRow(4, "duration 'x' is not an integer"));
  }

  @Test
  void shouldReadAHeaderOnlyFileAsNoRecords() throws Exception {
    InputSummary summary = readLeniently(file(HEADER.strip()));

    assertThat(records).isEmpty();
    assertThat(summary.recordsRead()).isZero();
    assertThat(summary.rowsRejected()).isZero();
  }

  @Test
  void shouldRejectARowThatIsNotUtf8NamingItsLineAndField() throws Exception {
    byte[] head = (HEADER + "U1,S1,A,200,2025-11-05T10:00:00,Rock\nU2,S2,Bad").getBytes(
        StandardCharsets.UTF_8);
    byte[] tail = ",200,2025-11-05T10:01:00,Pop\nU3,S3,C,300,2025-11-05T10:02:00,Pop\n".getBytes(
        StandardCharsets.UTF_8);
    // Latin-1 'é' (0xE9) where UTF-8 needs two bytes: the text would otherwise be garbled.
    byte[] content = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, content, 0, head.length);
    content[head.length] = (byte) 0xE9;
    System.arraycopy(tail, 0, content, head.length + 1, tail.length);
    Path file = file(content);

    InputSummary summary = readLeniently(file);

    assertThat(records).extracting(StreamRecord::getUserId).containsExactly("U1", "U3");
    assertThat(summary.firstRejections()).containsExactly(new RejectedRow(3,
        "field 3 is not valid UTF-8 (byte 0xe9 at byte 4 of the field)"));
    assertThatThrownBy(() -> StreamCsvReader.strict().read(file, row -> {}))
        .isInstanceOf(MalformedRowException.class)
        .hasMessage(file + " line 3: field 3 is not valid UTF-8 (byte 0xe9 at byte 4 of the"
            + " field) (strict mode stops at the first malformed row)");
  }

  @Test
  void shouldFailClearlyForHeaderThatIsNotUtf8() throws Exception {
    byte[] content = "user_id,song_id,artist,duration,timestamp,g\u00e9nre\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    Path file = file(content);

    assertThatThrownBy(() -> readLeniently(file))
        .isInstanceOf(InputException.class)
        .hasMessage(file + " line 1: the header is not valid UTF-8 (field 6); save the file"
            + " as UTF-8");
  }

  @Test
  void shouldHandOnRowsAsUtf8SlicesThatDecodeToTheRecords() throws Exception {
    Path file = file(HEADER
        + "Ü1,\"S,1\",Beyoncé,200,2025-11-05T10:00:00,\"K-Pop 🎤\"\n"
        + "U2,S2,\"The \"\"Real\"\" Band\",0,2025-11-05T10:01:00,\n");
    List<String> rows = new ArrayList<>();

    InputSummary summary;
    try (StreamCsvReader.OpenedInput input = StreamCsvReader.lenient().open(file)) {
      summary = input.readUtf8Rows(row -> rows.add(row.text(Utf8Row.USER_ID) + "|"
          + row.text(Utf8Row.SONG_ID) + "|" + row.text(Utf8Row.ARTIST) + "|" + row.duration()
          + "|" + row.text(Utf8Row.TIMESTAMP) + "|" + row.text(Utf8Row.GENRE) + "|"
          + row.length(Utf8Row.ARTIST)));
    }

    assertThat(rows).containsExactly(
        "Ü1|S,1|Beyoncé|200|2025-11-05T10:00:00|K-Pop 🎤|8",
        "U2|S2|The \"Real\" Band|0|2025-11-05T10:01:00||15");
    assertThat(summary.recordsRead()).isEqualTo(2);
  }
}
