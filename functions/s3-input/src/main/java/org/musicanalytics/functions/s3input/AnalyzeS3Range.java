package org.musicanalytics.functions.s3input;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import java.util.function.Supplier;
import org.musicanalytics.csv.InputException;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.mapreduce.AnalyzeCsvRange;
import org.musicanalytics.proto.CsvRangeRequest;
import org.musicanalytics.proto.ShardCounts;

/**
 * {@code analyzeCsvRange}: reads its byte range of a CSV object from S3 and counts the rows
 * it owns with the pure {@link AnalyzeCsvRange}; the S3 variant of {@code analyzeShard}.
 *
 * <p>An object that cannot be read fails the call as an invalid request, with a one-line
 * message naming it.
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
    ShardCounts counts;
    try (InputStream bytes = input.get().open(object, request.getStart(), request.getEnd())) {
      counts = analyze.apply(request, bytes, location.toString());
    } catch (InputException | IOException e) {
      // A request error to the adapters, so the caller gets the one line naming the object
      // (an unexpected exception would reach it only as "internal error"). The reads were
      // retried already; what is left cannot heal by calling again.
      throw failure(e.getMessage());
    }
    return request.getEncodedAnswer() ? encoded(counts) : counts;
  }

  /**
   * {@code counts} with its counts as one encoded {@code ShardCounts} beside the range's
   * summary: the caller reads them straight into its merge, and no array of numbers is
   * printed as JSON, nor parsed.
   */
  static ShardCounts encoded(ShardCounts counts) {
    return ShardCounts.newBuilder()
        .setCsvRange(counts.getCsvRange())
        .setEncodedCounts(counts.toBuilder().clearCsvRange().build().toByteString())
        .build();
  }

  /** The message as a request error: its part up to the first ": " names the object. */
  private static InvalidRequestException failure(String message) {
    int colon = message.indexOf(": ");
    return colon < 0 ? new InvalidRequestException("input", message)
        : new InvalidRequestException(message.substring(0, colon + 1),
            message.substring(colon + 2));
  }
}
