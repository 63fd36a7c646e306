package org.musicanalytics.client.pipeline;

import org.musicanalytics.proto.CsvRangeRequest;
import org.musicanalytics.proto.ShardCounts;

/**
 * Stages that read their input themselves: the fused pass over one byte range of a CSV
 * object in S3 ({@code analyzeCsvRange}), answering the range's counts and its
 * {@code csv_range} summary. The client sends each range's reference, not its rows.
 *
 * <p>An implementation reports a failed call as a {@link StageFailedException}.
 */
public interface RangeStages {

  /**
   * The counts of the rows {@code range} owns, with the range's summary: in the count
   * fields, or as one encoded {@code ShardCounts} in {@code encoded_counts}.
   */
  ShardCounts analyzeCsvRange(CsvRangeRequest range);

  /**
   * What serves the range pass, for messages, e.g. {@code gRPC localhost:50051}: a failure
   * the client finds in an answer (a host that ignored {@code with_listening}) names it.
   */
  default String rangeWhere() {
    return "the host";
  }
}
