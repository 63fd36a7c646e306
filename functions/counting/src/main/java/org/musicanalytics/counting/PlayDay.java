package org.musicanalytics.counting;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import org.musicanalytics.functions.ErrorText;

/**
 * The UTC day of a play's ISO-8601 timestamp, as days since 1970-01-01, read straight from
 * the timestamp's bytes: the one-pass counter calls it once per play, so it builds no
 * {@code java.time} object.
 *
 * <p>A timestamp is {@code yyyy-MM-dd}, optionally followed by {@code T} (or a space) and
 * {@code HH:mm}, optional {@code :ss} with an optional fraction, and an optional zone:
 * {@code Z} or an offset {@code ±HH}, {@code ±HH:mm} or {@code ±HHmm}. A time without a
 * zone is taken as UTC; an offset moves the time to UTC, and so may move the day. Anything
 * else, an impossible date included, has no day ({@link #UNKNOWN}).
 */
public final class PlayDay {

  /** The day of a timestamp without a parsable date. */
  public static final int UNKNOWN = Integer.MIN_VALUE;

  /** The key under which plays without a day are listed ({@code plays_per_day}). */
  public static final String UNKNOWN_KEY = "unknown";

  private static final int MINUTES_PER_DAY = 24 * 60;

  private PlayDay() {}

  /** The day of the timestamp in {@code bytes[offset, offset + length)}, or {@link #UNKNOWN}. */
  public static int of(byte[] bytes, int offset, int length) {
    if (length < 10) {
      return UNKNOWN;
    }
    int year = digits(bytes, offset, 4);
    int month = digits(bytes, offset + 5, 2);
    int day = digits(bytes, offset + 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
        || bytes[offset + 4] != '-' || bytes[offset + 7] != '-') {
      return UNKNOWN;
    }
    int epochDay = epochDay(year, month, day);
    if (length == 10) {
      return epochDay;
    }
    int minutes = minutesToUtc(bytes, offset + 10, offset + length);
    return minutes == Integer.MIN_VALUE ? UNKNOWN
        : epochDay + Math.floorDiv(minutes, MINUTES_PER_DAY);
  }

  /** The day of {@code timestamp}, or {@link #UNKNOWN}. */
  public static int of(String timestamp) {
    // Non-ASCII characters become '?', which no timestamp holds.
    byte[] bytes = timestamp.getBytes(StandardCharsets.ISO_8859_1);
    return of(bytes, 0, bytes.length);
  }

  /** The {@code plays_per_day} key of {@code epochDay}: {@code yyyy-MM-dd} or "unknown". */
  public static String key(int epochDay) {
    return epochDay == UNKNOWN ? UNKNOWN_KEY : LocalDate.ofEpochDay(epochDay).toString();
  }

  /**
   * The day of a {@code plays_per_day} key.
   *
   * @throws IllegalArgumentException if it is neither {@code yyyy-MM-dd} nor "unknown"
   */
  public static int ofKey(String key) {
    if (key.equals(UNKNOWN_KEY)) {
      return UNKNOWN;
    }
    try {
      if (key.length() == 10) {
        return Math.toIntExact(LocalDate.parse(key).toEpochDay());
      }
    } catch (DateTimeException e) {
      // Reported below, as every other key that is not a day.
    }
    throw new IllegalArgumentException("plays_per_day key '" + ErrorText.shown(key, 64)
        + "' is neither a date (yyyy-MM-dd) nor \"unknown\"");
  }

  /**
   * Minutes from the start of the date to the time in {@code [from, to)} in UTC, or
   * {@link Integer#MIN_VALUE} if it is not a time with an optional zone.
   */
  private static int minutesToUtc(byte[] bytes, int from, int to) {
    byte separator = bytes[from];
    if (separator != 'T' && separator != 't' && separator != ' ' || to - from < 6
        || bytes[from + 3] != ':') {
      return Integer.MIN_VALUE;
    }
    int hour = digits(bytes, from + 1, 2);
    int minute = digits(bytes, from + 4, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
      return Integer.MIN_VALUE;
    }
    int at = from + 6;
    if (at < to && bytes[at] == ':') {
      int second = at + 3 <= to ? digits(bytes, at + 1, 2) : -1;
      if (second < 0 || second > 60) {
        return Integer.MIN_VALUE;
      }
      at += 3;
      if (at < to && (bytes[at] == '.' || bytes[at] == ',')) {
        int fraction = ++at;
        while (at < to && bytes[at] >= '0' && bytes[at] <= '9') {
          at++;
        }
        if (at == fraction) {
          return Integer.MIN_VALUE;
        }
      }
    }
    int local = hour * 60 + minute;
    if (at == to) {
      return local;
    }
    byte zone = bytes[at];
    if ((zone == 'Z' || zone == 'z') && at + 1 == to) {
      return local;
    }
    if (zone != '+' && zone != '-') {
      return Integer.MIN_VALUE;
    }
    int offsetHours = at + 3 <= to ? digits(bytes, at + 1, 2) : -1;
    int offsetMinutes = 0;
    int rest = to - at - 3;
    if (rest == 3 && bytes[at + 3] == ':') {
      offsetMinutes = digits(bytes, at + 4, 2);
    } else if (rest == 2) {
      offsetMinutes = digits(bytes, at + 3, 2);
    } else if (rest != 0) {
      return Integer.MIN_VALUE;
    }
    if (offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59) {
      return Integer.MIN_VALUE;
    }
    int offset = offsetHours * 60 + offsetMinutes;
    return zone == '+' ? local - offset : local + offset;
  }

  /** The value of {@code count} ASCII digits, or -1 if one is not a digit. */
  private static int digits(byte[] bytes, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static int daysInMonth(int year, int month) {
    if (month == 2) {
      boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /** Days since 1970-01-01 of a valid date (the proleptic Gregorian calendar). */
  static int epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
  }
}
