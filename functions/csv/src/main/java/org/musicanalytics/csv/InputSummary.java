package org.musicanalytics.csv;

import java.nio.file.Path;
import java.util.List;

/**
 * What reading one input file produced, besides the records themselves.
 *
 * @param path the file read; for an object, its name as a path, which is not its name (a
 *     path cannot hold {@code s3://}): reports and messages use {@code name}
 * @param recordsRead rows accepted and handed on as records
 * @param rowsRejected rows refused as malformed
 * @param firstRejections the first few refused rows, in file order
 * @param name the input as the user named it: the file's path, or {@code s3://bucket/key}
 */
public record InputSummary(Path path, long recordsRead, long rowsRejected,
    List<RejectedRow> firstRejections, String name) {

  public InputSummary {
    firstRejections = List.copyOf(firstRejections);
  }

  /** The summary of reading the file {@code path}, named by its path. */
  public InputSummary(Path path, long recordsRead, long rowsRejected,
      List<RejectedRow> firstRejections) {
    this(path, recordsRead, rowsRejected, firstRejections, path.toString());
  }
}
