package org.musicanalytics.client.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.inprocess.InProcessStages;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.StageRpc;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * Shards in flight at once and the fused path: over random data with awkward names, any
 * budget, any concurrency and any order of answers give the answers of one unsharded,
 * plain pass.
 */
class ConcurrentPipelineTest {

  /**
   * The real functions in process, also serving the fused call as a host does: the shard's
   * bytes parsed, and {@code analyzeShard} applied to the records. Answers are delayed at
   * random, so that they arrive out of order; every request and answer is checked against
   * the budget.
   */
  private static class Stages extends InProcessStages implements FusedStages {
    static final AnalyticsFunction<?, ?> ANALYZE_SHARD =
        AnalyticsFunctions.load().get(StageRpc.ANALYZE_SHARD.functionName());
    final ShardBudget budget;
    final Random delays;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final List<Integer> answered = Collections.synchronizedList(new ArrayList<>());
    volatile int failingShard = -1;

    Stages(ShardBudget budget, long seed) {
      this.budget = budget;
      this.delays = new Random(seed);
    }

    @Override
    protected Message call(Stage stage, Message request) {
      assertThat(budget.format().messageBytes(request)).isLessThanOrEqualTo(budget.maxBytes());
      Message answer = super.call(stage, request);
      assertThat(budget.format().messageBytes(answer)).isLessThanOrEqualTo(budget.maxBytes());
      return answer;
    }

    @Override
    public boolean servesFusedCall() {
      return true;
    }

    @Override
    public byte[] analyzeShard(EncodedShard shard) {
      int now = inFlight.incrementAndGet();
      mostInFlight.accumulateAndGet(now, Math::max);
      try {
        pause();
        if (shard.index() == failingShard) {
          throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
              WHERE, "boom", null);
        }
        byte[] bytes = Arrays.copyOf(shard.bytes(), shard.length());
        StreamList plays = StreamList.parseFrom(bytes);
        // Encoded exactly as the generated code encodes the same records.
        assertThat(plays.toByteArray()).isEqualTo(bytes);
        assertThat(plays.getRecordsCount()).isEqualTo(shard.records());
        // The generated-code path of the function whose wire form the real targets call.
        ShardCounts summary = (ShardCounts) ANALYZE_SHARD.applyUnchecked(plays);
        assertThat((long) summary.getSerializedSize()).isLessThanOrEqualTo(budget.maxBytes());
        answered.add(shard.index());
        return summary.toByteArray();
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    private void pause() {
      int millis;
      synchronized (delays) {
        millis = delays.nextInt(4);
      }
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The answers without processing times, which add up differently per sharding. */
  private static List<Message> answers(PipelineResult result) {
    return List.of(result.playCounts().toBuilder().clearProcessingTime().build(),
        result.userStats().toBuilder().clearProcessingTime().build(),
        result.genres().toBuilder().clearProcessingTime().build(),
        result.recommendations().toBuilder().clearProcessingTime().build());
  }

  private static PipelineResult run(AnalyticsPipeline pipeline, List<StreamRecord> plays) {
    try (PipelineRun run = pipeline.start()) {
      plays.forEach(run);
      return run.finish();
    }
  }

  @Test
  void shouldGiveTheUnshardedPlainAnswersOnEveryPathBudgetAndConcurrency() {
    Random random = new Random(41);
    for (int round = 0; round < 4; round++) {
      List<StreamRecord> plays = round == 3 ? RandomRecords.allDistinct(random, 300)
          : RandomRecords.plays(random, 300 + random.nextInt(400), 50, 40);
      PipelineResult unsharded = new AnalyticsPipeline(new InProcessStages())
          .run(StreamList.newBuilder().addAllRecords(plays).build());

      for (ShardBudget budget : List.of(ShardBudget.protobuf(1500), ShardBudget.protobuf(6000),
          ShardBudget.protobuf(ShardBudget.DEFAULT_GRPC_BYTES))) {
        for (int calls : new int[] {1, 3, 8}) {
          String as = budget + ", " + calls + " in flight, round " + round;
          Stages plain = new Stages(budget, round);
          PipelineResult plainResult = run(new AnalyticsPipeline(plain, budget)
              .withConcurrency(calls), plays);
          Stages fused = new Stages(budget, round + 100);
          PipelineResult fusedResult = run(new AnalyticsPipeline(fused, budget)
              .withConcurrency(calls).withFusedStages(fused), plays);

          assertThat(answers(plainResult)).as("plain, %s", as).isEqualTo(answers(unsharded));
          assertThat(answers(fusedResult)).as("fused, %s", as).isEqualTo(answers(unsharded));
          assertThat(fused.answered).as(as).hasSize(fusedResult.recordShards());
          assertThat(fused.mostInFlight.get()).as(as).isLessThanOrEqualTo(calls);
          if (budget.maxBytes() < 2000) {
            assertThat(fusedResult.recordShards()).as(as).isGreaterThan(3);
          }
        }
      }
    }
  }

  @Test
  void shouldMergeAnswersInWhateverOrderTheyArrive() {
    List<StreamRecord> plays = RandomRecords.plays(new Random(7), 2000, 80, 60);
    ShardBudget budget = ShardBudget.protobuf(2048);
    PipelineResult first = null;
    boolean outOfOrder = false;
    for (int seed = 0; seed < 5; seed++) {
      Stages stages = new Stages(budget, seed);
      PipelineResult result = run(new AnalyticsPipeline(stages, budget).withConcurrency(6)
          .withFusedStages(stages), plays);
      List<Integer> order = new ArrayList<>(stages.answered);
      List<Integer> sorted = new ArrayList<>(order);
      Collections.sort(sorted);
      outOfOrder |= !order.equals(sorted);
      if (first == null) {
        first = result;
      }
      assertThat(answers(result)).isEqualTo(answers(first));
    }
    assertThat(outOfOrder).as("answers arrived out of order at least once").isTrue();
  }

  @Test
  void shouldCountEveryRecordAndShardInTheProgress() {
    List<StreamRecord> plays = RandomRecords.plays(new Random(3), 500, 20, 20);
    ShardBudget budget = ShardBudget.protobuf(1024);
    Stages stages = new Stages(budget, 1);
    List<long[]> reports = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger finished = new AtomicInteger();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void recordsDone(int shards, long records) {
        reports.add(new long[] {shards, records});
      }

      @Override
      public void finished() {
        finished.incrementAndGet();
      }
    };

    PipelineResult result = run(new AnalyticsPipeline(stages, budget).withConcurrency(3)
        .withFusedStages(stages).withProgress(listener), plays);

    assertThat(reports).hasSize(result.recordShards());
    assertThat(reports.stream().mapToLong(r -> r[1]).max().orElseThrow()).isEqualTo(500);
    assertThat(reports.stream().mapToLong(r -> r[0]).max().orElseThrow())
        .isEqualTo(result.recordShards());
    assertThat(finished).hasValue(1);
  }

  @Test
  void shouldFailTheRunNamingTheFusedCallAndTheShard() {
    List<StreamRecord> plays = RandomRecords.plays(new Random(5), 600, 20, 20);
    ShardBudget budget = ShardBudget.protobuf(1024);
    Stages stages = new Stages(budget, 2);
    stages.failingShard = 3;

    assertThatThrownBy(() -> run(new AnalyticsPipeline(stages, budget).withConcurrency(4)
        .withFusedStages(stages), plays))
        .isInstanceOf(StageFailedException.class)
        .hasMessageMatching("ShardAnalysis \\(MapReduce, UserBehavior, GenreAnalysis in one "
            + "call\\) stage failed \\(in process, shard 3 \\(records \\d+-\\d+\\)\\): boom");
  }

  @Test
  void shouldFailTheRunNamingThePlainStageAndTheShardWithCallsInFlight() {
    List<StreamRecord> plays = RandomRecords.plays(new Random(5), 600, 20, 20);
    ShardBudget budget = ShardBudget.protobuf(1024);
    Stages stages = new Stages(budget, 2) {
      final AtomicInteger genreCalls = new AtomicInteger();

      @Override
      protected Message call(Stage stage, Message request) {
        if (stage == Stage.GENRE_ANALYSIS && genreCalls.incrementAndGet() == 2) {
          throw new StageFailedException(stage, WHERE, "boom", null);
        }
        return super.call(stage, request);
      }
    };

    assertThatThrownBy(() -> run(new AnalyticsPipeline(stages, budget).withConcurrency(4),
        plays))
        .isInstanceOf(StageFailedException.class)
        .hasMessageMatching("GenreAnalysis stage failed \\(in process, shard \\d+ \\(records "
            + "\\d+-\\d+\\)\\): boom");
  }

  @Test
  void shouldRefuseTheFusedPathForJsonBudgets() {
    Stages stages = new Stages(ShardBudget.protoJson(4096), 1);

    assertThatThrownBy(() -> new AnalyticsPipeline(stages, ShardBudget.protoJson(4096))
        .withFusedStages(stages))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binary protobuf");
  }
}
