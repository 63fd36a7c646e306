package org.musicanalytics.client.run.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A run's id: the UTC time it started, to the millisecond, then six random hex digits,
 * e.g. {@code 20261203T114512.345Z-3fa9c1}. Ids sort by time as text, and two runs
 * started in the same millisecond still differ.
 */
public final class RunId {

  /** What every run id looks like. */
  public static final Pattern FORMAT =
      Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{6}");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private RunId() {}

  /** A new id for a run started at {@code start}, with {@code random}'s low 24 bits. */
  public static String of(Instant start, int random) {
    return TIME.format(start) + "-" + HexFormat.of().toHexDigits(random).substring(2);
  }

  /** Whether {@code name} is a run id, e.g. the name of a run directory. */
  public static boolean isRunId(String name) {
    return FORMAT.matcher(name).matches();
  }
}
