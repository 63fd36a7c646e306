package org.musicanalytics.client.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.grpc.GrpcStages;
import org.musicanalytics.client.grpc.ServiceAddresses;
import org.musicanalytics.client.inprocess.InProcessStages;
import org.musicanalytics.client.lambda.LambdaFunctions;
import org.musicanalytics.client.lambda.LambdaStages;
import org.musicanalytics.functions.StageRpc;
import org.musicanalytics.functions.recommendation.learned.CountCoListening;
import org.musicanalytics.functions.recommendation.learned.RecommendFromListening;
import org.musicanalytics.functions.recommendation.learned.SongSimilarity;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.host.HostConfig;
import org.musicanalytics.lambdalocal.RealFunctions;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.ListeningScoreRequest;
import org.musicanalytics.proto.SongNeighbours;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserRecommendations;

/**
 * {@link LearnedRecommender} over in-memory partitions: the answer of the pure rounds on
 * one partition holding every user, whatever the partitions, song buckets, budget,
 * concurrency and target (in process, a real gRPC host on an ephemeral port, the real
 * Lambda functions behind lambda-local), and failures that name the round and partition.
 */
class LearnedRecommenderTest {

  private static final ShardBudget OWN_HOST = ShardBudget.protobuf(
      ShardBudget.DEFAULT_OWN_HOST_BYTES);

  private static List<StreamRecord> records;
  private static List<UserRecommendations> expected;

  /**
   * Users with tastes: each plays, with replays, songs of one of four overlapping ranges,
   * so that songs have neighbours; names that are hard to encode; a few one-song users.
   */
  @BeforeAll
  static void listen() {
    Random random = new Random(13);
    records = new ArrayList<>();
    for (int user = 0; user < 90; user++) {
      int taste = user % 4;
      int plays = user % 11 == 0 ? 1 : 5 + random.nextInt(40);
      for (int i = 0; i < plays; i++) {
        int song = taste * 12 + random.nextInt(20);
        String artist = RandomRecords.ARTISTS.get(song % RandomRecords.ARTISTS.size());
        records.add(RandomRecords.play("U" + user + (user % 7 == 0 ? "é" : ""), "S" + song,
            artist, 200, "2025-11-" + (10 + random.nextInt(15)) + "T12:00:00Z", "Pop"));
      }
    }
    Collections.shuffle(records, new Random(5));
    expected = onePartition(records);
  }

  /** The pure rounds on one partition of every user, one bucket, the whole ranking. */
  private static List<UserRecommendations> onePartition(List<StreamRecord> plays) {
    InMemoryListeningPartitions one = InMemoryListeningPartitions.of(plays, 1);
    ListeningPartition all = one.partition(0);
    CoListeningCounts counts = new CountCoListening().apply(CoListeningRequest.newBuilder()
        .setListening(all).build());
    SongNeighbours neighbours = new SongSimilarity().add(counts).neighbours();
    return new RecommendFromListening().apply(ListeningScoreRequest.newBuilder()
        .setListening(all).setNeighbours(neighbours)
        .addAllRecentRanking(one.recentRanking(LearnedRecommender.DEFAULT_RECENT_DAYS))
        .build()).getUsersList();
  }

  @Test
  void shouldGiveTheOnePartitionAnswerForEveryPartitioningBucketingAndConcurrency() {
    assertThat(expected).hasSize(90);
    assertThat(expected).extracting(UserRecommendations::getSource)
        .contains(RecommendFromListening.ITEM_KNN, RecommendFromListening.RECENT_POPULARITY);
    long capped = -1;
    for (int partitions : new int[] {1, 3, 8}) {
      for (int buckets : new int[] {0, 1, 5}) {
        for (int concurrency : new int[] {1, 4}) {
          LearnedRecommender recommender = new LearnedRecommender(new InProcessStages(),
              OWN_HOST).withConcurrency(concurrency);
          if (buckets > 0) {
            recommender.withSongBuckets(buckets);
          }
          LearnedRecommender.Result result = recommender.recommend(
              InMemoryListeningPartitions.of(records, partitions));
          assertThat(result.users())
              .as("%d partitions, %d buckets, %d calls at once", partitions, buckets,
                  concurrency)
              .isEqualTo(expected);
          assertThat(result.songBuckets()).isEqualTo(buckets == 0 ? 1 : buckets);
          // Every answer fits the budget whole: one call per partition, whatever the merge's
          // buckets.
          assertThat(result.coListening().calls()).isEqualTo(partitions);
          assertThat(result.scoring().calls()).isEqualTo(partitions);
          // Capped users are counted once, however many buckets' calls capped them.
          if (capped < 0) {
            capped = result.usersCapped();
          }
          assertThat(result.usersCapped()).isEqualTo(capped);
        }
      }
    }
  }

  @Test
  void shouldCutBucketsAndGroupsUnderATinyBudgetAndGiveTheSameAnswer() {
    for (ShardBudget budget : new ShardBudget[] {ShardBudget.protobuf(12_000),
        ShardBudget.protoJson(30_000)}) {
      AtomicInteger largest = new AtomicInteger();
      InProcessStages measured = new InProcessStages() {
        @Override
        protected Message call(StageRpc rpc, Message request) {
          Message answer = super.call(rpc, request);
          largest.accumulateAndGet((int) Math.max(budget.format().messageBytes(request),
              budget.format().messageBytes(answer)), Math::max);
          return answer;
        }
      };
      LearnedRecommender.Result result = new LearnedRecommender(measured, budget)
          .withConcurrency(3).withMaxMergePairs(2_000)
          .recommend(InMemoryListeningPartitions.of(records, 2));

      assertThat(result.users()).as("%s", budget).isEqualTo(expected);
      assertThat(result.songBuckets()).as("%s", budget).isGreaterThan(1);
      // Each partition is called once per bucket its answer needs, at most the merge's.
      assertThat(result.coListening().calls() % 2).isZero();
      assertThat(result.coListening().calls()).as("%s", budget)
          .isBetween(2, 2 * result.songBuckets());
      assertThat(result.scoring().calls()).as("%s", budget).isGreaterThan(2);
      assertThat((long) largest.get()).as("%s", budget).isLessThanOrEqualTo(budget.maxBytes());
    }
  }

  @Test
  void shouldFailClearlyWhenAPartitionDoesNotFitTheBudget() {
    assertThatThrownBy(() -> new LearnedRecommender(new InProcessStages(),
        ShardBudget.protobuf(ShardBudget.MIN_BYTES)).withSongBuckets(1)
        .withMaxMergePairs(Long.MAX_VALUE).recommend(InMemoryListeningPartitions.of(records, 90)))
        .isInstanceOf(ShardBudgetException.class)
        .hasMessageStartingWith("the co-listening of the listening partitions does not fit in"
            + " 1 song bucket: round 2's answer for partition ")
        .hasMessageEndingWith("(the budget is " + ShardBudget.MIN_BYTES + " bytes of protobuf)");
  }

  @Test
  void shouldGiveTheSameAnswerOverARealGrpcHostAndTheLambdaFunctions() throws Exception {
    try (AnalyticsHost host = AnalyticsHost.start(HostConfig.ephemeral());
        GrpcStages grpc = new GrpcStages(ServiceAddresses.spreadOver(host.addresses()))) {
      LearnedRecommender.Result result = new LearnedRecommender(grpc,
          ShardBudget.protobuf(12_000)).withConcurrency(4).withMaxMergePairs(2_000)
          .recommend(InMemoryListeningPartitions.of(records, 3));
      assertThat(result.users()).isEqualTo(expected);
      assertThat(result.songBuckets()).isGreaterThan(1);
    }
    try (LambdaStages lambda = LambdaStages.create(LambdaFunctions.fromEnvironment(
        java.util.Map.of()), Optional.of(RealFunctions.endpoint().endpoint()),
        Duration.ofMinutes(1))) {
      LearnedRecommender.Result result = new LearnedRecommender(lambda,
          ShardBudget.protoJson(ShardBudget.DEFAULT_LAMBDA_BYTES)).withConcurrency(2)
          .withSongBuckets(2).recommend(InMemoryListeningPartitions.of(records, 3));
      assertThat(result.users()).isEqualTo(expected);
    }
  }

  @Test
  void shouldFailARunNamingTheRoundAndThePartitionOfTheFailedCall() {
    for (StageRpc failing : new StageRpc[] {StageRpc.COUNT_CO_LISTENING,
        StageRpc.RECOMMEND_FROM_LISTENING}) {
      InProcessStages stages = new InProcessStages() {
        @Override
        protected Message call(StageRpc rpc, Message request) {
          boolean second = request instanceof CoListeningRequest co
              ? co.getListening().getPartition() == 1
              : ((ListeningScoreRequest) request).getListening().getPartition() == 1;
          if (rpc == failing && second) {
            // A request the function rejects, as a host answering INVALID_ARGUMENT would.
            return super.call(rpc, request instanceof CoListeningRequest co
                ? co.toBuilder().setSongBuckets(-1).build()
                : ((ListeningScoreRequest) request).toBuilder().setTopN(-1).build());
          }
          return super.call(rpc, request);
        }
      };
      String round = failing == StageRpc.COUNT_CO_LISTENING ? LearnedRecommender.CO_LISTENING
          : LearnedRecommender.SCORING;
      assertThatThrownBy(() -> new LearnedRecommender(stages, OWN_HOST).withConcurrency(2)
          .recommend(InMemoryListeningPartitions.of(records, 3)))
          .isInstanceOf(StageFailedException.class)
          .hasMessageStartingWith("Recommendation stage failed (in process, " + round
              + ", partition 1 (of 3)")
          .hasMessageContaining("INVALID_ARGUMENT");
    }
  }
}
