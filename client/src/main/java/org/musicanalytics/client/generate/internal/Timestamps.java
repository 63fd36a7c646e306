package org.musicanalytics.client.generate.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Writes moments given in seconds from the first day's midnight as ISO-8601 local
 * date-times ({@code 2025-11-05T10:53:07}), in any order: the date's text is made once per
 * day and the time of day from digits, so a row costs no {@code java.time} object.
 */
final class Timestamps {

  private static final int SECONDS_PER_DAY = 24 * 60 * 60;

  private final byte[][] dates;

  /** Timestamps of the {@code days} days from {@code start}. */
  Timestamps(LocalDate start, int days) {
    dates = new byte[days][];
    for (int day = 0; day < days; day++) {
      dates[day] = (start.plusDays(day) + "T").getBytes(StandardCharsets.US_ASCII);
      if (dates[day].length != 11) {
        throw new IllegalStateException("date outside years 0000-9999: " + start.plusDays(day));
      }
    }
  }

  /** Writes {@code second} (from 0 to below the span's end) at {@code buffer[offset]}. */
  void write(long second, byte[] buffer, int offset) {
    int day = (int) (second / SECONDS_PER_DAY);
    int ofDay = (int) (second % SECONDS_PER_DAY);
    System.arraycopy(dates[day], 0, buffer, offset, 11);
    int at = offset + 11;
    at = twoDigits(buffer, at, ofDay / 3600);
    buffer[at++] = ':';
    at = twoDigits(buffer, at, ofDay / 60 % 60);
    buffer[at++] = ':';
    twoDigits(buffer, at, ofDay % 60);
  }

  private static int twoDigits(byte[] buffer, int at, int value) {
    buffer[at] = (byte) ('0' + value / 10);
    buffer[at + 1] = (byte) ('0' + value % 10);
    return at + 2;
  }
}
