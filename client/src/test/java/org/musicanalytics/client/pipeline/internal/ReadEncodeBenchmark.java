package org.musicanalytics.client.pipeline.internal;

import java.nio.file.Path;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.csv.InputSummary;
import org.musicanalytics.csv.StreamCsvReader;
import org.musicanalytics.csv.StreamCsvReader.OpenedInput;

/**
 * The reading thread's work alone: reads a CSV file and encodes it into protobuf shards
 * (what the fused path's main thread does), with no stage behind it. Prints the time and
 * CPU time of each pass, so that a change to the reader or the encoder can be weighed.
 *
 * <p>Run from the repository root after {@code ./mvnw -pl client -am test-compile}:
 * {@code java -XX:+UseParallelGC
 * -cp "$(cat cp.txt):client/target/classes:client/target/test-classes"
 * org.musicanalytics.client.pipeline.internal.ReadEncodeBenchmark FILE [PASSES] [MODE]};
 * MODE {@code bytes} (the default) encodes rows from their bytes, {@code strings} through the
 * decoding, string-taking path, and {@code read} only reads them.
 */
public final class ReadEncodeBenchmark {

  private ReadEncodeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String mode = args.length > 2 ? args[2] : "bytes";
    boolean strings = mode.equals("strings");
    boolean readOnly = mode.equals("read");
    ShardBudget budget = ShardBudget.protobuf(ShardBudget.DEFAULT_OWN_HOST_BYTES);
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int pass = 1; pass <= passes; pass++) {
      long[] bytes = new long[1];
      EncodingShardCutter cutter = new EncodingShardCutter(budget,
          shard -> bytes[0] += shard.length());
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      InputSummary summary;
      try (OpenedInput input = StreamCsvReader.lenient().open(file)) {
        summary = strings ? input.readRows(cutter)
            : readOnly ? input.readUtf8Rows(row -> bytes[0] += row.duration())
            : input.readUtf8Rows(cutter);
      }
      cutter.finish();
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      System.out.printf("pass %d (%s): %d records, %d shards, %d bytes: %.3f s, %.3f s CPU,"
              + " %.0f ns CPU/record, %.2f M records/s%n",
          pass, mode, summary.recordsRead(), cutter.shardsCut(),
          bytes[0], seconds, cpu, cpu * 1e9 / summary.recordsRead(),
          summary.recordsRead() / seconds / 1e6);
    }
  }
}
