package org.musicanalytics.client.pipeline;

/**
 * The largest request, and answer, a target takes in one call, in its wire format.
 *
 * @param format how messages are encoded on the target's wire
 * @param maxBytes the largest message, envelope included
 */
public record ShardBudget(PayloadFormat format, long maxBytes) {

  /** gRPC's default inbound limit, which an unmodified old host keeps: 4 MiB. */
  public static final long DEFAULT_GRPC_BYTES = 4L * 1024 * 1024;

  /**
   * Shards for a host started by the client itself: 16 MiB of protobuf. Its message limit
   * is larger than gRPC's default, and fewer, larger shards mean fewer partial answers
   * to merge (a shard's summary is about as large as the shard).
   */
  public static final long DEFAULT_OWN_HOST_BYTES = 16L * 1024 * 1024;

  /** Lambda's synchronous invoke limit, request and response: 6 MB. */
  public static final long LAMBDA_LIMIT_BYTES = 6L * 1024 * 1024;

  /** Shards for Lambda by default: 5 MiB of JSON, a margin below the 6 MB limit. */
  public static final long DEFAULT_LAMBDA_BYTES = 5L * 1024 * 1024;

  /** Smaller budgets leave no room for a record and the answer's envelope. */
  public static final long MIN_BYTES = 1024;

  public ShardBudget {
    if (maxBytes < MIN_BYTES) {
      throw new IllegalArgumentException("the shard budget must be at least " + MIN_BYTES
          + " bytes, was " + maxBytes);
    }
  }

  /** Binary protobuf shards of at most {@code maxBytes}, for gRPC. */
  public static ShardBudget protobuf(long maxBytes) {
    return new ShardBudget(PayloadFormat.protobuf(), maxBytes);
  }

  /** JSON shards of at most {@code maxBytes}, for Lambda. */
  public static ShardBudget protoJson(long maxBytes) {
    return new ShardBudget(PayloadFormat.protoJson(), maxBytes);
  }

  @Override
  public String toString() {
    return maxBytes + " bytes of " + format.name();
  }
}
