package org.musicanalytics.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRowScannerTest {

  /** A row as scanned: its line, the lines it spans, its fields and whether it is ASCII. */
  private record Row(long line, int breaks, List<String> fields, boolean utf8) {

    static Row of(long line, String... fields) {
      return new Row(line, 0, List.of(fields), true);
    }
  }

  private static List<Row> scan(byte[] input, int chunkBytes)
      throws IOException, CsvSyntaxException {
    List<Row> rows = new ArrayList<>();
    try (CsvRowScanner scanner =
        new CsvRowScanner(new ByteArrayInputStream(input), chunkBytes)) {
      while (scanner.next()) {
        rows.add(new Row(scanner.line(), scanner.lineBreaks(), scanner.texts(),
            scanner.firstInvalidUtf8Field() < 0));
      }
    }
    return rows;
  }

  private static List<Row> scan(String input, int chunkBytes)
      throws IOException, CsvSyntaxException {
    return scan(input.getBytes(StandardCharsets.UTF_8), chunkBytes);
  }

  /** Scans with every chunk size from 1 to past the input, which must all agree. */
  private static List<Row> scanAllChunkSizes(byte[] input) throws Exception {
    List<Row> whole = scan(input, 1 << 20);
    for (int chunk = 1; chunk <= input.length + 1; chunk++) {
      assertThat(scan(input, chunk)).as("chunks of %d bytes", chunk).isEqualTo(whole);
    }
    return whole;
  }

  private static List<Row> scanAllChunkSizes(String input) throws Exception {
    return scanAllChunkSizes(input.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldSplitQuotedFieldsWithSeparatorsEscapesAndLineBreaksAtAnyChunkSize()
      throws Exception {
    List<Row> rows = scanAllChunkSizes("a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
        + "\"two\r\nlines\",\"\",x\"y\n"
        + "\"three\nline\nfield\",last");

    assertThat(rows).containsExactly(
        Row.of(1, "a", "b,c", "say \"hi\""),
        new Row(2, 1, List.of("two\r\nlines", "", "x\"y"), true),
        new Row(4, 2, List.of("three\nline\nfield", "last"), true));
  }

  @Test
  void shouldEndRowsAtLfCrlfAndCrAndSkipEmptyLinesCountingThem() throws Exception {
    List<Row> rows = scanAllChunkSizes("h1,h2\r\n\r\na,b\rc,d\n\n\r\re,f\r\n");

    assertThat(rows).containsExactly(Row.of(1, "h1", "h2"), Row.of(3, "a", "b"),
        Row.of(4, "c", "d"), Row.of(8, "e", "f"));
  }

  @Test
  void shouldDropAByteOrderMarkOnlyAtTheStart() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    String text = "a,b\n\uFEFFc,d\n";
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, input, 0, bom.length);
    System.arraycopy(body, 0, input, bom.length, body.length);

    assertThat(scanAllChunkSizes(input))
        .containsExactly(Row.of(1, "a", "b"), Row.of(2, "\uFEFFc", "d"));
    assertThat(scanAllChunkSizes(bom)).isEmpty();
    assertThat(scanAllChunkSizes(new byte[] {(byte) 0xEF, (byte) 0xBB}))
        .singleElement().extracting(Row::utf8).isEqualTo(false);
  }

  @Test
  void shouldReadTheLastRowWithoutLineEndAndTrailingEmptyField() throws Exception {
    assertThat(scanAllChunkSizes("a,b\nc,")).containsExactly(Row.of(1, "a", "b"),
        Row.of(2, "c", ""));
    assertThat(scanAllChunkSizes(",")).containsExactly(Row.of(1, "", ""));
    assertThat(scanAllChunkSizes("\"q\"")).containsExactly(Row.of(1, "q"));
    assertThat(scanAllChunkSizes("")).isEmpty();
    assertThat(scanAllChunkSizes("\n\r\n")).isEmpty();
  }

  @Test
  void shouldEndAQuotedFieldStillOpenAtTheEndOfTheInputThere() throws Exception {
    assertThat(scanAllChunkSizes("a,\"open\nrest,of \"\"it\"\"\n"))
        .containsExactly(new Row(1, 2, List.of("a", "open\nrest,of \"it\"\n"), true));
  }

  @Test
  void shouldRefuseTextAfterAClosingQuoteNamingTheLine() {
    for (int chunk : new int[] {1, 2, 3, 5, 64}) {
      assertThatThrownBy(() -> scan("h\n\"ok\"\n\"a\nb\"c,d\n", chunk))
          .isInstanceOf(CsvSyntaxException.class)
          .hasMessage("line 3: unexpected character 'c' (U+0063) after closing quote of field 1"
              + " (a quote inside a quoted field is written as two quotes)");
    }
  }

  @Test
  void shouldRefuseARowLongerThanTheLimit() {
    byte[] input = new byte[CsvRowScanner.MAX_ROW_BYTES + 10];
    java.util.Arrays.fill(input, (byte) 'x');
    input[0] = '"';

    assertThatThrownBy(() -> scan(input, 1 << 20))
        .isInstanceOf(CsvSyntaxException.class)
        .hasMessage("line 1: a row longer than 16 MiB (check for an unbalanced quote)");
  }

  @Test
  void shouldFlagTextThatIsNotUtf8InTheFieldItIsIn() throws Exception {
    byte[] input = {'a', ',', 'b', (byte) 0xC3, '(', '\n', 'c', (byte) 0xC3, (byte) 0xA9, '\n'};

    try (CsvRowScanner scanner = new CsvRowScanner(new ByteArrayInputStream(input), 4)) {
      assertThat(scanner.next()).isTrue();
      assertThat(scanner.firstInvalidUtf8Field()).isEqualTo(1);
      assertThat(scanner.next()).isTrue();
      assertThat(scanner.firstInvalidUtf8Field()).isEqualTo(-1);
      assertThat(scanner.text(0)).isEqualTo("cé");
      assertThat(scanner.next()).isFalse();
    }
  }

  /**
   * Fields of every length up to past two words, with each special byte at every offset:
   * the eight-bytes-at-a-time scan must stop exactly where the byte-by-byte one does.
   */
  @ParameterizedTest
  @ValueSource(strings = {",", "\n", "\r\n", "\r", "\t", "é", "\"", "\u0001", "-", "\u007F"})
  void shouldFindEverySpecialByteAtEveryOffsetOfAWord(String special) throws Exception {
    for (int before = 0; before <= 17; before++) {
      for (int after = 0; after <= 9; after++) {
        if (special.equals("\"") && before == 0) {
          continue;  // a quote opening a field is no ordinary byte
        }
        String field = "a".repeat(before) + special + "b".repeat(after);
        String input = "x," + field + ",y\nz";
        List<Row> rows = scan(input, 1 << 20);
        List<Row> expected = switch (special) {
          case "," -> List.of(new Row(1, 0,
              List.of("x", "a".repeat(before), "b".repeat(after), "y"), true), Row.of(2, "z"));
          case "\n", "\r\n", "\r" -> List.of(Row.of(1, "x", "a".repeat(before)),
              Row.of(2, "b".repeat(after), "y"), Row.of(3, "z"));
          default -> List.of(Row.of(1, "x", field, "y"), Row.of(2, "z"));
        };
        assertThat(rows).as("%s after %d bytes", special, before).isEqualTo(expected);
        if (special.equals("é")) {
          // Not ASCII: the row is checked as UTF-8, and a broken sequence is caught.
          byte[] broken = input.getBytes(StandardCharsets.UTF_8);
          broken[2 + before + 1] = 'c';
          assertThat(scan(broken, 1 << 20).get(0).utf8()).isFalse();
        }
      }
    }
  }

  @Test
  void shouldScanRandomRowsAsWrittenAtAnyChunkSize() throws Exception {
    Random random = new Random(4);
    String[] pieces = {"a", "bc", "é", "坂本", "🎵", ",", "\"", "\n", "\r\n", "\r", " ", "\t",
        "longer text here"};
    for (int round = 0; round < 40; round++) {
      List<List<String>> written = new ArrayList<>();
      StringBuilder input = new StringBuilder();
      int rows = 1 + random.nextInt(6);
      for (int r = 0; r < rows; r++) {
        List<String> fields = new ArrayList<>();
        int count = 1 + random.nextInt(5);
        for (int f = 0; f < count; f++) {
          StringBuilder field = new StringBuilder();
          int length = random.nextInt(5);
          for (int k = 0; k < length; k++) {
            field.append(pieces[random.nextInt(pieces.length)]);
          }
          fields.add(field.toString());
          if (f > 0) {
            input.append(',');
          }
          String text = field.toString();
          // Quoted when it must be, and sometimes when it need not be.
          if (text.matches("(?s).*[,\"\r\n].*") || text.isEmpty() && count == 1
              || random.nextInt(4) == 0) {
            input.append('"').append(text.replace("\"", "\"\"")).append('"');
          } else {
            input.append(text);
          }
        }
        written.add(fields);
        input.append(random.nextBoolean() ? "\n" : "\r\n");
      }

      List<Row> scanned = scanAllChunkSizes(input.toString());

      assertThat(scanned).extracting(Row::fields).as("input %s", input).isEqualTo(written);
    }
  }
}
