package org.musicanalytics.csv;

import java.nio.file.Path;
import java.util.List;

/**
 * What reading one input file produced, besides the records themselves.
 *
 * @param path the file read
 * @param recordsRead rows accepted and handed on as records
 * @param rowsRejected rows refused as malformed
 * @param firstRejections the first few refused rows, in file order
 */
public record InputSummary(
    Path path, long recordsRead, long rowsRejected, List<RejectedRow> firstRejections) {

  public InputSummary {
    firstRejections = List.copyOf(firstRejections);
  }
}
