package org.musicanalytics.client.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.inprocess.InProcessStages;
import org.musicanalytics.client.pipeline.AnalyticsPipeline;
import org.musicanalytics.client.pipeline.ListeningPartitions;
import org.musicanalytics.client.pipeline.ListeningPartitionsTest;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.host.HostConfig;
import org.musicanalytics.host.HostLogging;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * Round 1 over real gRPC on loopback: the host's fused call asked for each shard's
 * listening, spilled by the client, gives the in-process target's partitions.
 */
class GrpcListeningTest {

  private static AnalyticsHost host;

  @BeforeAll
  static void startHost() throws Exception {
    HostLogging.setLevel(Level.WARNING);
    host = AnalyticsHost.start(HostConfig.ephemeral());
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  @Test
  void shouldGiveTheInProcessTargetsPartitionsOverGrpc() throws Exception {
    List<StreamRecord> plays = ListeningPartitionsTest.plays(21);
    StreamList input = StreamList.newBuilder().addAllRecords(plays).build();
    Set<Path> before = ListeningPartitionsTest.spillDirectories();
    InProcessStages inProcess = new InProcessStages();
    PipelineResult expected = new AnalyticsPipeline(inProcess, ShardBudget.protobuf(1 << 20))
        .withFusedStages(inProcess).withListening(ListeningPartitionsTest.BOUND).run(input);

    try (GrpcStages stages = new GrpcStages(ServiceAddresses.spreadOver(host.addresses()));
        ListeningPartitions local = expected.listening().orElseThrow()) {
      assertThat(stages.servesFusedCall()).isTrue();
      PipelineResult result = new AnalyticsPipeline(stages, ShardBudget.protobuf(5_000))
          .withFusedStages(stages).withConcurrency(3)
          .withListening(ListeningPartitionsTest.BOUND).run(input);
      try (ListeningPartitions partitions = result.listening().orElseThrow()) {
        assertThat(result.recordShards()).isGreaterThan(3);
        List<ListeningPartition> all =
            ListeningPartitionsTest.readAll(partitions, ListeningPartitionsTest.BOUND);
        assertThat(ListeningPartitionsTest.listening(all))
            .isEqualTo(ListeningPartitionsTest.byHand(plays));
        assertThat(all).isEqualTo(ListeningPartitionsTest.readAll(local,
            ListeningPartitionsTest.BOUND));
        assertThat(result.playCounts()).isEqualTo(expected.playCounts());
      }
    }
    assertThat(ListeningPartitionsTest.spillDirectories()).isEqualTo(before);
  }
}
