package org.musicanalytics.host;

import java.time.Duration;
import java.util.Map;

/**
 * Reads the host's settings from environment variables and flags, with errors that name
 * the variable or flag ({@code source}) and the bad value. One place, so every setting
 * is parsed and reported alike.
 */
final class HostSettingsReader {

  /** The longest duration a setting takes: a day; longer is "off" or a mistake. */
  static final Duration MAX_DURATION = Duration.ofDays(1);

  private HostSettingsReader() {}

  /** The variable's value, stripped; {@code null} if it is unset or blank. */
  static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /**
   * A positive {@code int}.
   *
   * @param unit what it counts, for the message: "bytes", "threads", ...
   * @throws IllegalArgumentException naming {@code source} and the value
   */
  static int positiveInt(String value, String source, String unit) {
    int number;
    try {
      number = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " must be a positive number of " + unit
          + " up to " + Integer.MAX_VALUE + ", was '" + value + "'");
    }
    return checkPositive(number, source, unit);
  }

  /** {@code number} if positive. */
  static int checkPositive(int number, String source, String unit) {
    if (number <= 0) {
      throw new IllegalArgumentException(
          source + " must be a positive number of " + unit + ", was " + number);
    }
    return number;
  }

  /**
   * A duration in seconds, decimals allowed ({@code 0.5}), from 0 (if {@code zeroAllowed})
   * up to {@link #MAX_DURATION}.
   *
   * @param zeroMeans what 0 does, for the message, e.g. "turns it off"; null if 0 is not
   *     allowed
   */
  static Duration seconds(String value, String source, String zeroMeans) {
    double seconds;
    try {
      seconds = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " must be a number of seconds"
          + range(zeroMeans) + ", was '" + value + "'");
    }
    if (Double.isNaN(seconds) || seconds < 0 || (seconds == 0 && zeroMeans == null)
        || seconds > MAX_DURATION.toSeconds()) {
      throw new IllegalArgumentException(source + " must be a number of seconds"
          + range(zeroMeans) + ", was " + value.strip());
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  /** {@code duration} if within what {@link #seconds} accepts. */
  static Duration checkDuration(Duration duration, String source, String zeroMeans) {
    if (duration.isNegative() || (duration.isZero() && zeroMeans == null)
        || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(source + " must be a number of seconds"
          + range(zeroMeans) + ", was " + duration.toNanos() / 1e9);
    }
    return duration;
  }

  private static String range(String zeroMeans) {
    return zeroMeans == null
        ? " above 0 and at most " + MAX_DURATION.toSeconds()
        : " from 0 (which " + zeroMeans + ") to " + MAX_DURATION.toSeconds();
  }
}
