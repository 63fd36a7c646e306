package org.musicanalytics.csv.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.musicanalytics.counting.StreamRecords;
import org.musicanalytics.counting.WellFormedUtf8;
import org.musicanalytics.csv.Utf8Row;
import org.musicanalytics.functions.ErrorText;

/**
 * Where each field of a stream record sits in a file, found by header name, and the
 * rules that accept one row or refuse it, judged on the row's bytes ({@link Row}).
 *
 * <p>Columns are located by name, so files with the columns in another order, with
 * extra columns, or without {@code genre} (older files) all read the same way.
 */
public final class Columns {

  /** The most characters of input a message quotes: messages stay one short line. */
  private static final int MAX_QUOTED_CHARS = 120;

  /** Columns every file must have. */
  public static final List<String> REQUIRED =
      List.of("user_id", "song_id", "artist", "duration", "timestamp");
  /** Optional: absent in older files; its records then carry the empty genre. */
  public static final String GENRE = "genre";

  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  private final int width;
  private final int userId;
  private final int songId;
  private final int artist;
  private final int duration;
  private final int timestamp;
  private final int genre;

  private Columns(int width, Map<String, Integer> index) {
    this.width = width;
    this.userId = index.get("user_id");
    this.songId = index.get("song_id");
    this.artist = index.get("artist");
    this.duration = index.get("duration");
    this.timestamp = index.get("timestamp");
    this.genre = index.getOrDefault(GENRE, -1);
  }

  /**
   * Locates the columns in a header row. Names are matched ignoring case and surrounding
   * white space; unknown columns are ignored.
   *
   * @throws IllegalArgumentException naming the missing or repeated column
   */
  public static Columns fromHeader(List<String> header) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip().toLowerCase(Locale.ROOT);
      if (index.putIfAbsent(name, i) != null && isKnown(name)) {
        throw new IllegalArgumentException("the header names column '"
            + ErrorText.shown(name, MAX_QUOTED_CHARS) + "' twice");
      }
    }
    List<String> missing = new ArrayList<>();
    for (String name : REQUIRED) {
      if (!index.containsKey(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the header lacks column"
          + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + " (expected "
          + String.join(",", REQUIRED) + "[,"
          + GENRE + "], found " + ErrorText.shown(String.join(",", header), MAX_QUOTED_CHARS)
          + ")");
    }
    return new Columns(header.size(), index);
  }

  private static boolean isKnown(String name) {
    return REQUIRED.contains(name) || GENRE.equals(name);
  }

  /**
   * A view of the scanner's current row as a stream record's fields, found by name. The
   * view follows the scanner: {@link Row#check} judges each row it moves to.
   */
  public Row over(CsvRowScanner scanner) {
    return new Row(scanner);
  }

  /**
   * The current row of a scanner, field by name, and the rules that accept it: the one
   * place where the row rules live, whatever the caller makes of the row.
   */
  public final class Row implements Utf8Row {

    private final CsvRowScanner scanner;
    /** The scanner's field for each of {@link Utf8Row}'s text fields, -1 if absent. */
    private final int[] physical;
    private int seconds;

    private Row(CsvRowScanner scanner) {
      this.scanner = scanner;
      this.physical = new int[] {userId, songId, artist, timestamp, genre};
    }

    /**
     * Checks the current row: its text is UTF-8, it has the header's width, a user and a
     * duration.
     *
     * @throws RowRejectedException saying what is wrong with the row
     */
    public void check() throws RowRejectedException {
      int invalid = scanner.firstInvalidUtf8Field();
      if (invalid >= 0) {
        byte[] bytes = scanner.bytes();
        int at = WellFormedUtf8.firstInvalid(bytes, scanner.start(invalid), scanner.end(invalid));
        throw new RowRejectedException("field " + (invalid + 1) + " is not valid UTF-8 (byte 0x"
            + Integer.toHexString(bytes[at] & 0xFF) + " at byte "
            + (at - scanner.start(invalid) + 1) + " of the field)");
      }
      int fields = scanner.fieldCount();
      if (fields != width) {
        throw new RowRejectedException((fields < width ? "missing columns" : "extra columns")
            + ": " + fields + " field" + (fields == 1 ? "" : "s")
            + " where the header has " + width);
      }
      int userStart = scanner.start(userId);
      if (StreamRecords.isBlank(scanner.bytes(), userStart, scanner.end(userId) - userStart)) {
        throw new RowRejectedException("user_id is empty");
      }
      int at = Columns.this.duration;
      seconds = parseDuration(scanner.bytes(), scanner.start(at), scanner.end(at));
    }

    @Override
    public byte[] bytes() {
      return scanner.bytes();
    }

    @Override
    public int start(int field) {
      int at = physical[field];
      return at < 0 ? 0 : scanner.start(at);
    }

    @Override
    public int length(int field) {
      int at = physical[field];
      return at < 0 ? 0 : scanner.end(at) - scanner.start(at);
    }

    @Override
    public int duration() {
      return seconds;
    }
  }

  /**
   * A duration: a whole number of seconds from 0 to 2^31-1; white space around it is
   * allowed. Up to nine plain digits (every generated and most real durations) are read
   * from the bytes; anything else is judged as text.
   */
  private static int parseDuration(byte[] bytes, int from, int to) throws RowRejectedException {
    int length = to - from;
    if (length > 0 && length <= 9) {
      int value = 0;
      int i = from;
      for (; i < to; i++) {
        int digit = bytes[i] - '0';
        if (digit < 0 || digit > 9) {
          break;
        }
        value = value * 10 + digit;
      }
      if (i == to) {
        return value;
      }
    }
    return parseDuration(new String(bytes, from, length, StandardCharsets.UTF_8));
  }

  private static int parseDuration(String field) throws RowRejectedException {
    String text = field.strip();
    if (text.isEmpty()) {
      throw new RowRejectedException("duration is empty");
    }
    String shown = ErrorText.shown(field, MAX_QUOTED_CHARS);
    if (!INTEGER.matcher(text).matches()) {
      throw new RowRejectedException("duration '" + shown + "' is not an integer");
    }
    boolean negative = text.charAt(0) == '-';
    // Leading zeros and the sign dropped, the digits' count decides a giant field at once
    // (parsing a megabyte of digits as a number would cost seconds).
    String digits = text.replaceFirst("^[+-]?0*", "");
    if (negative && !digits.isEmpty()) {
      throw new RowRejectedException("duration '" + shown + "' is negative");
    }
    if (digits.length() > 10 || (!digits.isEmpty() && Long.parseLong(digits) > Integer.MAX_VALUE)) {
      throw new RowRejectedException(
          "duration '" + shown + "' is larger than " + Integer.MAX_VALUE + " seconds");
    }
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }

}
