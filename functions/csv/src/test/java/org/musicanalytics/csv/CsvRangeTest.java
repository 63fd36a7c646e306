package org.musicanalytics.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRangeTest {

  private static final String HEADER = "user_id,song_id,artist,duration,timestamp,genre";

  @TempDir
  Path dir;

  /** What a read gave: rows as text, counts and the rejected rows with their lines. */
  private record Outcome(List<String> rows, long read, long rejected, List<RejectedRow> bad) {}

  @Test
  void shouldReadLikeTheWholeFileForEveryRangeSizeWhenNoQuotedFieldHoldsALineBreak()
      throws Exception {
    String csv = HEADER + "\n"
        + "U1,S1,Adele,240,2025-01-01T10:00:00,Pop\n"
        + "\n"
        + "U2,S2,\"Drake, Jr\",100,2025-01-01T10:01:00,Rap\n"
        + "U3,S3,Bad,abc,2025-01-01T10:02:00,Rock\n"
        + ",S4,NoUser,10,2025-01-01T10:03:00,Pop\n"
        + "U4,S4,\"say \"\"hi\"\"\",7,2025-01-01T10:04:00,\n"
        + "U5,S5,Björk,9,2025-01-01T10:05:00,Électro\n";
    for (byte[] bytes : List.of(csv.getBytes(StandardCharsets.UTF_8),
        crlf(csv), withBom(csv), withBom(csv.replace("\n", "\r")))) {
      Outcome whole = whole(bytes);
      assertThat(whole.read()).isEqualTo(4);
      assertThat(whole.bad()).extracting(RejectedRow::line).containsExactly(5L, 6L);
      for (int size = 1; size <= bytes.length + 1; size++) {
        assertThat(ranged(bytes, size)).as("range size %d", size).isEqualTo(whole);
      }
    }
  }

  @Test
  void shouldReadAQuotedLineBreakRightOrRejectTheCutNamingTheBoundary() throws Exception {
    String csv = HEADER + "\n"
        + "U1,S1,\"two\nlines\",240,2025-01-01T10:00:00,Pop\n"
        + "U2,S2,Adele,abc,2025-01-01T10:01:00,Rap\n"
        + "U3,S3,\"x\r\ny\",1,2025-01-01T10:02:00,Rock\n";
    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
    Outcome whole = whole(bytes);
    assertThat(whole.bad()).extracting(RejectedRow::line).containsExactly(4L);
    int rejectedCuts = 0;
    for (int size = 1; size <= bytes.length + 1; size++) {
      try {
        assertThat(ranged(bytes, size)).as("range size %d", size).isEqualTo(whole);
      } catch (InputException e) {
        assertThat(e.getMessage()).startsWith("s3://b/k: a quoted line break crosses byte ")
            .doesNotContain("\n");
        rejectedCuts++;
      }
    }
    // A cut right after "two\n" lands inside the quoted field: it must be refused.
    assertThat(rejectedCuts).isPositive();
    int afterBreak = csv.indexOf("two\n") + 4;
    assertThatThrownBy(() -> readRanges(bytes, List.of(0L, (long) afterBreak,
        (long) bytes.length)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("a quoted line break crosses byte " + afterBreak + ": the rows"
            + " before it end at byte " + csv.indexOf("U2,"));
  }

  @Test
  void shouldRefuseAHeaderWithoutTheRequiredColumns() {
    byte[] bytes = "user_id,song\nU1,S1\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CsvRange.header(new ByteArrayInputStream(bytes), "s3://b/k"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("s3://b/k line 1: the header lacks columns");
  }

  private Outcome whole(byte[] bytes) throws IOException, InputException {
    Path file = dir.resolve("whole.csv");
    Files.write(file, bytes);
    List<String> rows = new ArrayList<>();
    InputSummary summary;
    try (StreamCsvReader.OpenedInput in = StreamCsvReader.lenient().open(file)) {
      summary = in.readUtf8Rows(row -> rows.add(text(row)));
    }
    return new Outcome(rows, summary.recordsRead(), summary.rowsRejected(),
        summary.firstRejections());
  }

  private static Outcome ranged(byte[] bytes, int size) throws InputException {
    List<Long> cuts = new ArrayList<>();
    for (long at = 0; at < bytes.length; at += size) {
      cuts.add(at);
    }
    cuts.add((long) bytes.length);
    return readRanges(bytes, cuts);
  }

  private static Outcome readRanges(byte[] bytes, List<Long> cuts) throws InputException {
    List<String> header = CsvRange.header(new ByteArrayInputStream(bytes), "s3://b/k");
    List<String> rows = new ArrayList<>();
    List<RangeSummary> summaries = new ArrayList<>();
    for (int i = 0; i + 1 < cuts.size(); i++) {
      long start = cuts.get(i);
      int from = (int) Math.max(0, start - 1);
      summaries.add(CsvRange.read(
          new ByteArrayInputStream(bytes, from, bytes.length - from), start, cuts.get(i + 1),
          header, "s3://b/k", row -> rows.add(text(row))));
    }
    CsvRanges.Merged merged = CsvRanges.merge("s3://b/k", summaries);
    return new Outcome(rows, merged.recordsRead(), merged.rowsRejected(),
        merged.firstRejections());
  }

  private static String text(Utf8Row row) {
    return String.join("|", row.text(Utf8Row.USER_ID), row.text(Utf8Row.SONG_ID),
        row.text(Utf8Row.ARTIST), String.valueOf(row.duration()),
        row.text(Utf8Row.TIMESTAMP), row.text(Utf8Row.GENRE));
  }

  private static byte[] crlf(String csv) {
    return csv.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] withBom(String csv) {
    byte[] text = csv.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[text.length + 3];
    bytes[0] = (byte) 0xEF;
    bytes[1] = (byte) 0xBB;
    bytes[2] = (byte) 0xBF;
    System.arraycopy(text, 0, bytes, 3, text.length);
    return bytes;
  }
}
