package org.musicanalytics.client.generate.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Timestamps of plays: in file order, never decreasing, spread over the span of days with
 * the daily rhythm of listening (quiet at night, peaks on the morning commute and in the
 * evening).
 *
 * <p>Play i of n gets the moment at which the span's cumulative listening reaches
 * (i + 1/2)/n of the total, so the plays follow the rhythm exactly, and every timestamp lies
 * in [start, start + days). Seconds are whole; the text is ISO-8601 local date-time, as
 * {@code 2025-11-05T10:53:00}.
 */
final class PlayClock {

  /** Relative listening per hour of the day, 00:00 to 23:00. */
  private static final double[] HOURLY = {
      3, 2, 1.5, 1, 1, 1.5, 3, 5, 6, 5, 4.5, 4.5,
      5, 5, 4.5, 4.5, 5, 6, 7, 7.5, 7, 6, 5, 4};

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:");

  /** Length of a timestamp in bytes. */
  static final int LENGTH = 19;

  private final LocalDateTime start;
  private final int minutes;
  private final long records;
  private final double total;

  private int minute = -1;
  /** Cumulative listening at the start and end of the current minute. */
  private double minuteStart;
  private double minuteEnd;
  private final byte[] minuteText = new byte[LENGTH - 2];

  PlayClock(LocalDate start, int days, long records) {
    this.start = start.atStartOfDay();
    this.minutes = days * 24 * 60;
    this.records = records;
    double sum = 0;
    for (double perHour : HOURLY) {
      sum += perHour * 60;
    }
    this.total = sum * days;
    advance();
  }

  /**
   * Writes the timestamp of play {@code index} (from 0, in increasing order across calls)
   * at {@code buffer[offset]}.
   */
  void write(long index, byte[] buffer, int offset) {
    int second = secondWithinMinute(index);
    System.arraycopy(minuteText, 0, buffer, offset, minuteText.length);
    buffer[offset + LENGTH - 2] = (byte) ('0' + second / 10);
    buffer[offset + LENGTH - 1] = (byte) ('0' + second % 10);
  }

  /**
   * The moment of play {@code index} (from 0, in increasing order across calls, as for
   * {@link #write}) in seconds from the start: the plays of a session start there.
   */
  long secondAt(long index) {
    int second = secondWithinMinute(index);
    return minute * 60L + second;
  }

  /** Seconds in the span: every moment is below it. */
  long spanSeconds() {
    return minutes * 60L;
  }

  /** Moves to the minute of play {@code index} and returns its second within the minute. */
  private int secondWithinMinute(long index) {
    double target = (index + 0.5) / records * total;
    while (target >= minuteEnd && minute < minutes - 1) {
      advance();
    }
    double share = (target - minuteStart) / (minuteEnd - minuteStart);
    return (int) Math.max(0, Math.min(59, share * 60));
  }

  private void advance() {
    minute++;
    minuteStart = minute == 0 ? 0 : minuteEnd;
    minuteEnd = minuteStart + HOURLY[(minute / 60) % 24];
    byte[] text = start.plusMinutes(minute).format(MINUTE).getBytes(StandardCharsets.US_ASCII);
    if (text.length != minuteText.length) {
      throw new IllegalStateException("timestamp outside years 0000-9999: "
          + start.plusMinutes(minute));
    }
    System.arraycopy(text, 0, minuteText, 0, text.length);
  }
}
