package org.musicanalytics.functions.s3input;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.musicanalytics.csv.InputException;
import org.musicanalytics.functions.mapreduce.AnalyzeCsvRange;
import org.musicanalytics.proto.CsvRangeRequest;
import org.musicanalytics.proto.ShardCounts;

/**
 * {@code analyzeCsvRange}: reads its byte range of a CSV object from S3 and counts the rows
 * it owns with the pure {@link AnalyzeCsvRange}; the S3 variant of {@code analyzeShard}.
 *
 * <p>An object that cannot be read fails the call with a one-line message naming it.
 */
public final class AnalyzeS3Range implements Function<CsvRangeRequest, ShardCounts> {

  private final Supplier<S3Input> input;
  private final AnalyzeCsvRange analyze = new AnalyzeCsvRange();

  /** Reads through the S3 client {@code input} gives, made on first use. */
  public AnalyzeS3Range(Supplier<S3Input> input) {
    this.input = input;
  }

  @Override
  public ShardCounts apply(CsvRangeRequest request) {
    S3Location location = new S3Location(request.getBucket(), request.getKey());
    PinnedObject object = new PinnedObject(location, request.getObjectSize(),
        request.getEtag());
    try (InputStream bytes = input.get().open(object, request.getStart(), request.getEnd())) {
      return analyze.apply(request, bytes, location.toString());
    } catch (InputException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}
