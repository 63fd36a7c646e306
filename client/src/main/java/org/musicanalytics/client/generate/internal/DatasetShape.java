package org.musicanalytics.client.generate.internal;

import java.time.LocalDate;

/**
 * What to generate: {@code records} plays by {@code users} listeners of {@code songs} songs,
 * over {@code days} days from {@code start}, drawn from {@code seed}. The components are
 * named as the options of {@code generate}, and so are the values in the error messages.
 */
public record DatasetShape(long records, long seed, int users, int songs, int days,
    LocalDate start) {

  /** The largest number of users or songs: the catalog keeps a few arrays of this length. */
  public static final int MAX_CATALOG = 10_000_000;
  /** The longest span of days. */
  public static final int MAX_DAYS = 366;

  public DatasetShape {
    if (records < 0) {
      throw new IllegalArgumentException("records must be 0 or more, was " + records);
    }
    if (users < 1 || users > MAX_CATALOG) {
      throw new IllegalArgumentException(
          "users must be from 1 to " + MAX_CATALOG + ", was " + users);
    }
    if (songs < 1 || songs > MAX_CATALOG) {
      throw new IllegalArgumentException(
          "songs must be from 1 to " + MAX_CATALOG + ", was " + songs);
    }
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException("days must be from 1 to " + MAX_DAYS + ", was " + days);
    }
    if (start.getYear() < 1 || start.plusDays(days).getYear() > 9999) {
      throw new IllegalArgumentException("start must be a date from 0001-01-01 that leaves the "
          + "span within year 9999, was " + start);
    }
  }

  /** Users for {@code records} plays when not given: about 200 plays each, at least 10. */
  public static int defaultUsers(long records) {
    return (int) Math.min(MAX_CATALOG, Math.max(10, records / 200));
  }

  /** Songs for {@code records} plays when not given: about 50 plays each, at least 20. */
  public static int defaultSongs(long records) {
    return (int) Math.min(MAX_CATALOG, Math.max(20, records / 50));
  }
}
