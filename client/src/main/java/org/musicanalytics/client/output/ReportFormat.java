package org.musicanalytics.client.output;

/** How {@code run} prints its results on standard output ({@code --format}). */
public enum ReportFormat {
  /** The report for a person. */
  TEXT,
  /** The results document, as in the results file, for a script. */
  JSON;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
