package org.musicanalytics.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.zip.CRC32C;

/**
 * Run ids in the project's shared form, UTC time then six hex digits, e.g.
 * {@code 20261203T114512.345Z-3fa9c1}, for results that name no id of their own: the run's
 * end time and a checksum of its results, so recording the same results again, live or
 * imported, finds the same id.
 */
public final class RunIds {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private RunIds() {}

  /** The id of results computed at {@code computedAt} (ISO-8601) with content {@code json}. */
  public static String forResults(String computedAt, String json) {
    CRC32C crc = new CRC32C();
    crc.update(json.getBytes(StandardCharsets.UTF_8));
    return TIME.format(Instant.parse(computedAt)) + "-"
        + String.format("%06x", crc.getValue() & 0xffffff);
  }
}
