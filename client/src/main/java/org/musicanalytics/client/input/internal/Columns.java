package org.musicanalytics.client.input.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.musicanalytics.client.input.RowSink;

/**
 * Where each field of a stream record sits in a file, found by header name, and the
 * rules that accept one row (handing its fields on) or refuse it.
 *
 * <p>Columns are located by name, so files with the columns in another order, with
 * extra columns, or without {@code genre} (older files) all read the same way.
 */
public final class Columns {

  /** Columns every file must have. */
  public static final List<String> REQUIRED =
      List.of("user_id", "song_id", "artist", "duration", "timestamp");
  /** Optional: absent in older files; its records then carry the empty genre. */
  public static final String GENRE = "genre";

  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

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
        throw new IllegalArgumentException("the header names column '" + name + "' twice");
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
          + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + " (expected " + String.join(",", REQUIRED) + "[,"
          + GENRE + "], found " + String.join(",", header) + ")");
    }
    return new Columns(header.size(), index);
  }

  private static boolean isKnown(String name) {
    return REQUIRED.contains(name) || GENRE.equals(name);
  }

  /**
   * Checks one data row and hands its fields to {@code sink}: the one place where the
   * row rules live, whatever the caller makes of the row.
   *
   * @throws RowRejectedException saying what is wrong with the row
   */
  public void emit(List<String> fields, RowSink sink) throws RowRejectedException {
    if (fields.size() != width) {
      throw new RowRejectedException((fields.size() < width ? "missing columns" : "extra columns")
          + ": " + fields.size() + " field" + (fields.size() == 1 ? "" : "s")
          + " where the header has " + width);
    }
    String user = fields.get(userId);
    if (user.isBlank()) {
      throw new RowRejectedException("user_id is empty");
    }
    sink.accept(user, fields.get(songId), fields.get(artist),
        parseDuration(fields.get(duration)), fields.get(timestamp),
        genre < 0 ? "" : fields.get(genre));
  }

  /** A duration: a whole number of seconds from 0 to 2^31-1; white space around it is allowed. */
  private static int parseDuration(String field) throws RowRejectedException {
    int plain = plainDigits(field);
    if (plain >= 0) {
      return plain;
    }
    String text = field.strip();
    if (text.isEmpty()) {
      throw new RowRejectedException("duration is empty");
    }
    if (!INTEGER.matcher(text).matches()) {
      throw new RowRejectedException("duration '" + field + "' is not an integer");
    }
    BigInteger value = new BigInteger(text);
    if (value.signum() < 0) {
      throw new RowRejectedException("duration '" + field + "' is negative");
    }
    if (value.compareTo(INT32_MAX) > 0) {
      throw new RowRejectedException(
          "duration '" + field + "' is larger than " + Integer.MAX_VALUE + " seconds");
    }
    return value.intValue();
  }

  /**
   * The value of up to nine plain digits (every generated and most real durations), read
   * without a regular expression or a BigInteger; -1 for anything else, which the general
   * rules then judge.
   */
  private static int plainDigits(String field) {
    int length = field.length();
    if (length == 0 || length > 9) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < length; i++) {
      int digit = field.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
