package org.musicanalytics.functions.s3input;

import java.util.List;
import java.util.function.Supplier;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctionProvider;
import org.musicanalytics.proto.CsvRangeRequest;
import org.musicanalytics.proto.ShardCounts;

/**
 * The S3 input module's function, {@code analyzeCsvRange}, with one S3 client per process
 * made on first use (endpoint from {@code AWS_ENDPOINT_URL_S3} when set).
 */
public final class S3InputFunctions implements AnalyticsFunctionProvider {

  /** The function's name: its Spring Cloud Function definition on Lambda. */
  public static final String ANALYZE_CSV_RANGE = "analyzeCsvRange";

  @Override
  public List<AnalyticsFunction<?, ?>> functions() {
    Supplier<S3Input> input = new Supplier<>() {
      private S3Input made;

      @Override
      public synchronized S3Input get() {
        if (made == null) {
          made = new S3Input(S3Clients.create(S3Clients.endpointFromEnvironment()));
        }
        return made;
      }
    };
    return List.of(new AnalyticsFunction<>(ANALYZE_CSV_RANGE, CsvRangeRequest.class,
        ShardCounts.class, new AnalyzeS3Range(input)));
  }
}
