package org.musicanalytics.client.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.musicanalytics.csv.CsvRange;
import org.musicanalytics.csv.CsvRanges;
import org.musicanalytics.csv.InputException;
import org.musicanalytics.csv.InputSummary;
import org.musicanalytics.csv.MalformedRowException;
import org.musicanalytics.csv.RangeSummary;
import org.musicanalytics.csv.Utf8RowSink;
import org.musicanalytics.functions.s3input.PinnedObject;
import org.musicanalytics.functions.s3input.S3Clients;
import org.musicanalytics.functions.s3input.S3Input;
import org.musicanalytics.functions.s3input.S3Location;
import org.musicanalytics.proto.CsvRangeRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 object as the input of a run: its size and ETag (HeadObject), its header (read once,
 * from the first range), and its byte ranges, either read here one after the other with the
 * same range reader the functions use ({@link #readRanges}) or handed to functions as
 * requests ({@link #requests}).
 */
public final class S3RunInput implements AutoCloseable {

  private final S3Client s3;
  private final S3Input input;
  private final PinnedObject object;
  private final List<String> header;
  private final long rangeBytes;
  private final boolean strict;

  private S3RunInput(S3Client s3, PinnedObject object, List<String> header, long rangeBytes,
      boolean strict) {
    this.s3 = s3;
    this.input = new S3Input(s3);
    this.object = object;
    this.header = header;
    this.rangeBytes = rangeBytes;
    this.strict = strict;
  }

  /**
   * Asks S3 for the object's size and ETag and reads its header, so that a missing,
   * unreadable or headerless object starts nothing.
   *
   * @param rangeBytes the bytes of CSV per range
   * @throws IOException if the object cannot be read (one line naming it)
   * @throws InputException if it is not CSV or its header lacks a column
   */
  public static S3RunInput open(S3Location location, Optional<URI> endpoint, long rangeBytes,
      boolean strict) throws IOException, InputException {
    if (rangeBytes < 1) {
      throw new IllegalArgumentException("rangeBytes must be positive, was " + rangeBytes);
    }
    S3Client s3 = S3Clients.create(endpoint);
    try {
      S3Input input = new S3Input(s3);
      PinnedObject object = input.head(location);
      List<String> header;
      try (InputStream first = input.open(object, 0, 0)) {
        header = CsvRange.header(first, location.toString());
      }
      S3RunInput opened = new S3RunInput(s3, object, header, rangeBytes, strict);
      s3 = null;
      return opened;
    } finally {
      if (s3 != null) {
        s3.close();
      }
    }
  }

  /** The object and the version of it the run reads. */
  public PinnedObject object() {
    return object;
  }

  /** One request per byte range, in file order: what a function needs to read its range. */
  public List<CsvRangeRequest> requests() {
    List<CsvRangeRequest> requests = new ArrayList<>();
    long size = object.size();
    long start = 0;
    do {
      long end = Math.min(size, start + rangeBytes);
      requests.add(CsvRangeRequest.newBuilder()
          .setBucket(object.location().bucket())
          .setKey(object.location().key())
          .setStart(start)
          .setEnd(end)
          .addAllHeader(header)
          .setEtag(object.etag())
          .setObjectSize(size)
          .build());
      start = end;
    } while (start < size);
    return requests;
  }

  /**
   * Reads every range here, in file order, into {@code sink}: the local targets' way.
   *
   * @throws InputException if a range cannot be read, is not CSV, a quoted line break
   *     crosses a boundary or, in strict mode, a row is malformed
   */
  public InputSummary readRanges(Utf8RowSink sink) throws InputException {
    String name = object.location().toString();
    List<RangeSummary> ranges = new ArrayList<>();
    for (CsvRangeRequest range : requests()) {
      try (InputStream bytes = input.open(object, range.getStart(), range.getEnd())) {
        ranges.add(CsvRange.read(bytes, range.getStart(), range.getEnd(), header, name, sink));
      } catch (IOException e) {
        throw new InputException("cannot read " + name + ": " + e.getMessage(), e);
      }
    }
    return summary(ranges);
  }

  /**
   * The run's input summary from the ranges' summaries, in file order.
   *
   * @throws InputException if a quoted line break crosses a boundary or, in strict mode, a
   *     row is malformed
   */
  public InputSummary summary(List<RangeSummary> ranges) throws InputException {
    String name = object.location().toString();
    CsvRanges.Merged merged = CsvRanges.merge(name, ranges);
    if (strict && !merged.firstRejections().isEmpty()) {
      throw new MalformedRowException(name, merged.firstRejections().get(0));
    }
    // A Path cannot hold "s3://" (it folds the slashes): the summary carries the name.
    return new InputSummary(Path.of(name), merged.recordsRead(), merged.rowsRejected(),
        merged.firstRejections(), name);
  }

  /**
   * Puts the object into the results document's {@code input}: its {@code s3://} location,
   * size and ETag, in place of a file's path, size and checksum.
   */
  @SuppressWarnings("unchecked")
  public void describe(Map<String, Object> document) {
    Map<String, Object> in = (Map<String, Object>) document.get("input");
    in.put("path", object.location().toString());
    in.put("size_bytes", object.size());
    in.put("etag", object.etag());
  }

  @Override
  public void close() {
    s3.close();
  }
}
