package org.musicanalytics.csv;

/**
 * Receives the accepted rows of an input file as UTF-8 byte slices, in file order: the
 * reader's own form, from which a sink can encode a row without decoding its text. The
 * fields have passed the reader's row rules and are well-formed UTF-8.
 */
@FunctionalInterface
public interface Utf8RowSink {

  /** One accepted row, valid only during this call. */
  void accept(Utf8Row row);

  /** A sink that decodes each row's fields to strings and hands them to {@code rows}. */
  static Utf8RowSink decoding(RowSink rows) {
    return row -> rows.accept(row.text(Utf8Row.USER_ID), row.text(Utf8Row.SONG_ID),
        row.text(Utf8Row.ARTIST), row.duration(), row.text(Utf8Row.TIMESTAMP),
        row.text(Utf8Row.GENRE));
  }
}
