package org.musicanalytics.client.grpc;

import java.nio.file.Path;
import java.util.logging.Level;
import org.musicanalytics.client.pipeline.AnalyticsPipeline;
import org.musicanalytics.client.pipeline.ListeningPartitions;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.client.pipeline.PipelineRun;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.run.Target;
import org.musicanalytics.client.run.internal.RunTarget;
import org.musicanalytics.csv.InputSummary;
import org.musicanalytics.csv.StreamCsvReader;
import org.musicanalytics.csv.StreamCsvReader.OpenedInput;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.host.CallLimits;
import org.musicanalytics.host.HostConfig;
import org.musicanalytics.host.HostLogging;
import org.musicanalytics.proto.ListeningPartition;

/**
 * Round 1's cost on the embedded target: one run of the fused record pass over a CSV file
 * through a gRPC host in this process, as {@code run --target embedded} makes it (its
 * default shard budget and shards in flight), with or without listening; with it, every
 * partition is then read back once, as round 2 reads them. Prints the times; run it under
 * {@code /usr/bin/time -v} for the peak RSS (bench/results-knn-round1.md).
 *
 * <p>Run from the repository root after {@code ./mvnw -pl client -am test-compile}:
 * {@code java -XX:+UseParallelGC -Xmx640m -cp CLASSPATH
 * org.musicanalytics.client.grpc.ListeningBenchmark FILE on|off [PARTITION_BYTES]};
 * PARTITION_BYTES defaults to a quarter of the shard budget.
 */
public final class ListeningBenchmark {

  private ListeningBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    boolean listening = args[1].equals("on");
    ShardBudget budget = ShardBudget.protobuf(ShardBudget.DEFAULT_OWN_HOST_BYTES);
    long partitionBytes = args.length > 2 ? Long.parseLong(args[2]) : budget.maxBytes() / 4;
    int concurrency = RunTarget.defaultConcurrency(Target.EMBEDDED, () -> budget);
    HostLogging.setLevel(Level.WARNING);
    CallLimits limits = CallLimits.defaults();
    try (AnalyticsHost host = AnalyticsHost.start(HostConfig.ephemeral().withCallLimits(
            new CallLimits(limits.executorThreads(),
                Math.max(limits.maxConcurrentCalls(), 3 * concurrency + 1))));
        GrpcStages stages = new GrpcStages(ServiceAddresses.spreadOver(host.addresses()))) {
      long start = System.nanoTime();
      AnalyticsPipeline pipeline = new AnalyticsPipeline(stages, budget)
          .withConcurrency(concurrency).withFusedStages(stages);
      if (listening) {
        pipeline = pipeline.withListening(partitionBytes);
      }
      PipelineResult result;
      InputSummary summary;
      try (PipelineRun run = pipeline.start(); OpenedInput input =
          StreamCsvReader.lenient().open(file)) {
        summary = input.readUtf8Rows(run);
        result = run.finish();
      }
      double pipelineSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("listening %s: %d records, %d shards, concurrency %d, pipeline %.2f s%n",
          listening ? "on" : "off", summary.recordsRead(), result.recordShards(), concurrency,
          pipelineSeconds);
      if (listening) {
        long readStart = System.nanoTime();
        long largest = 0;
        long pairs = 0;
        long users = 0;
        try (ListeningPartitions partitions = result.listening().orElseThrow()) {
          for (int i = 0; i < partitions.count(); i++) {
            ListeningPartition partition = partitions.partition(i);
            largest = Math.max(largest, partition.getSerializedSize());
            pairs += partition.getListenPlaysCount();
            users += partition.getUserIdsCount();
          }
          int recent = partitions.recentRanking(7).size();
          System.out.printf("  %d partitions (bound %d bytes, largest %d), %d users, %d user x "
                  + "song pairs, %d songs in the last 7 days; read back in %.2f s%n",
              partitions.count(), partitionBytes, largest, users, pairs, recent,
              (System.nanoTime() - readStart) / 1e9);
        }
      }
      System.out.printf("  total %.2f s%n", (System.nanoTime() - start) / 1e9);
    }
  }
}
