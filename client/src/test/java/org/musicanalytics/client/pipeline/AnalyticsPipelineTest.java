package org.musicanalytics.client.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStatsList;

/** The orchestration, over the real stage functions called in process. */
class AnalyticsPipelineTest {

  /**
   * The real functions, called directly, recording each call and checking that every
   * request and answer fits the budget.
   */
  private static class InProcessStages
      extends org.musicanalytics.client.inprocess.InProcessStages {
    final List<String> calls = new ArrayList<>();
    final List<RecommendationRequest> recommendationRequests = new ArrayList<>();
    final ShardBudget budget;
    String failing;

    InProcessStages(ShardBudget budget) {
      this.budget = budget;
    }

    InProcessStages() {
      this(ShardBudget.protobuf(ShardBudget.DEFAULT_GRPC_BYTES));
    }

    @Override
    protected Message call(Stage stage, Message request) {
      String name = stage.rpc().functionName();
      calls.add(name);
      if (name.equals(failing)) {
        throw new StageFailedException(Stage.USER_BEHAVIOR, "in process", "boom", null);
      }
      assertThat(budget.format().messageBytes(request)).as("%s request", name)
          .isLessThanOrEqualTo(budget.maxBytes());
      Message answer = super.call(stage, request);
      assertThat(budget.format().messageBytes(answer)).as("%s answer", name)
          .isLessThanOrEqualTo(budget.maxBytes());
      return answer;
    }

    @Override
    public RecommendationResponse recommend(RecommendationRequest request) {
      recommendationRequests.add(request);
      return super.recommend(request);
    }

    long count(String stage) {
      return calls.stream().filter(stage::equals).count();
    }
  }

  private static final StreamList PLAYS = StreamList.newBuilder()
      .addRecords(play("U1", "S1", "A", 100, "Rock"))
      .addRecords(play("U1", "S2", "B", 50, "Pop"))
      .addRecords(play("U2", "S2", "B", 70, "Pop"))
      .build();

  private static StreamRecord play(String user, String song, String artist, int duration,
      String genre) {
    return RandomRecords.play(user, song, artist, duration, "2025-11-05T10:00:00", genre);
  }

  /** The answers without processing times, which add up differently per sharding. */
  private static List<Message> answers(PipelineResult result) {
    return List.of(result.playCounts().toBuilder().clearProcessingTime().build(),
        result.userStats().toBuilder().clearProcessingTime().build(),
        result.genres().toBuilder().clearProcessingTime().build(),
        result.recommendations().toBuilder().clearProcessingTime().build());
  }

  @Test
  void shouldCallStagesInOrderAndRecommendFromTheRankingHead() {
    InProcessStages stages = new InProcessStages();

    PipelineResult result = new AnalyticsPipeline(stages).run(PLAYS);

    assertThat(stages.calls)
        .containsExactly("aggregateStream", "analyzeUsers", "analyzeGenres", "recommend");
    RecommendationRequest request = stages.recommendationRequests.get(0);
    assertThat(request.getRankingList()).extracting(song -> song.getKey())
        .containsExactly("B - S2", "A - S1");
    // Only the head goes as play counts (for hosts that predate `ranking`), not the map.
    assertThat(request.getPlayCounts().getPlayCountsMap()).containsOnlyKeys("B - S2", "A - S1");
    assertThat(request.getUserStats().getUserStatsList())
        .extracting(user -> user.getUserId() + ":" + user.getTopArtist())
        .containsExactly("U1:A", "U2:B");
    assertThat(result.playCounts().getPlayCountsMap()).containsEntry("B - S2", 2L);
    assertThat(result.genres().getTopGenresList()).containsExactly("Pop", "Rock");
    assertThat(result.recommendations().getTrendingSongsList()).containsExactly("B - S2", "A - S1");
    assertThat(result.recordShards()).isOne();
    assertThat(result.userShards()).isOne();
  }

  @Test
  void shouldGiveTheUnshardedAnswersForAnyBudgetAndEncoding() {
    Random random = new Random(23);
    for (int round = 0; round < 6; round++) {
      StreamList plays = StreamList.newBuilder()
          .addAllRecords(RandomRecords.plays(random, 200 + random.nextInt(300), 60, 40))
          .build();
      PipelineResult unsharded = new AnalyticsPipeline(new InProcessStages()).run(plays);

      for (ShardBudget budget : List.of(ShardBudget.protobuf(1024), ShardBudget.protoJson(2048),
          ShardBudget.protoJson(3000), ShardBudget.protobuf(5000))) {
        InProcessStages stages = new InProcessStages(budget);

        PipelineResult sharded = new AnalyticsPipeline(stages, budget).run(plays);

        assertThat(answers(sharded)).as("%s", budget).isEqualTo(answers(unsharded));
        assertThat(sharded.recordShards()).as("%s", budget).isGreaterThan(1);
        assertThat(stages.count("aggregateStream")).isEqualTo(sharded.recordShards());
        assertThat(stages.count("analyzeUsers")).isEqualTo(sharded.recordShards());
        assertThat(stages.count("analyzeGenres")).isEqualTo(sharded.recordShards());
        assertThat(stages.count("recommend")).isEqualTo(sharded.userShards());
        if (budget.maxBytes() <= 2048) {
          assertThat(sharded.userShards()).as("%s", budget).isGreaterThan(1);
        }
      }
    }
  }

  @Test
  void shouldCallEveryStageOnceForNoRecords() {
    InProcessStages stages = new InProcessStages();

    PipelineResult result = new AnalyticsPipeline(stages).run(StreamList.getDefaultInstance());

    assertThat(stages.calls)
        .containsExactly("aggregateStream", "analyzeUsers", "analyzeGenres", "recommend");
    assertThat(result.playCounts().getPlayCountsMap()).isEmpty();
    assertThat(result.recommendations().getRecommendationsMap()).isEmpty();
  }

  @Test
  void shouldStreamShardsWhileRecordsArrive() {
    InProcessStages stages = new InProcessStages(ShardBudget.protobuf(1024));
    PipelineRun run = new AnalyticsPipeline(stages, stages.budget).start();

    List<StreamRecord> records = RandomRecords.plays(new Random(2), 300, 10, 10);
    records.subList(0, 150).forEach(run);

    // Full shards were analysed before the input ended.
    assertThat(stages.count("aggregateStream")).isPositive();
    assertThat(stages.count("recommend")).isZero();
    records.subList(150, 300).forEach(run);
    PipelineResult result = run.finish();
    assertThat(result.playCounts().getPlayCountsMap().values().stream()
        .mapToLong(Long::longValue).sum()).isEqualTo(300);
  }

  @Test
  void shouldTimeEveryCallWithinTheTotal() {
    PipelineResult result = new AnalyticsPipeline(new InProcessStages()).run(PLAYS);

    assertThat(result.fused()).isFalse();
    assertThat(result.stageTimes()).containsOnlyKeys(Stage.values());
    // One shard, its stages called one after another: the spans add up within the total.
    double sum = result.stageTimes().values().stream().mapToDouble(CallTimes::spanSeconds).sum();
    assertThat(result.stageTimes().values()).allSatisfy(times -> {
      assertThat(times.calls()).isEqualTo(1);
      assertThat(times.spanSeconds()).isPositive().isEqualTo(times.summedSeconds());
    });
    assertThat(result.totalSeconds()).isGreaterThanOrEqualTo(sum);
    for (Stage stage : Stage.values()) {
      assertThat(result.processingSeconds(stage)).as(stage.name()).isPositive();
    }
  }

  @Test
  void shouldStopAtAFailedStageNamingTheShard() {
    InProcessStages stages = new InProcessStages();
    stages.failing = "analyzeUsers";

    assertThatThrownBy(() -> new AnalyticsPipeline(stages).run(PLAYS))
        .isInstanceOf(StageFailedException.class)
        .hasMessage("UserBehavior stage failed (in process, shard 1 (records 1-3)): boom");
    assertThat(stages.calls).containsExactly("aggregateStream", "analyzeUsers");
  }

  @Test
  void shouldReportAnswersThatCannotBeMergedAsTheStagesFailure() {
    // An old host's user summaries have no artist_plays: one user over two shards
    // cannot be merged exactly, and that must not pass silently.
    StageCalls oldHost = new InProcessStages(ShardBudget.protobuf(1024)) {
      @Override
      public UserStatsList analyzeUsers(StreamList plays) {
        UserStatsList.Builder answer = super.analyzeUsers(plays).toBuilder();
        answer.getUserStatsBuilderList().forEach(user -> user.clearArtistPlays());
        return answer.build();
      }
    };
    StreamList plays = StreamList.newBuilder()
        .addAllRecords(RandomRecords.plays(new Random(4), 200, 2, 5)).build();

    assertThatThrownBy(() -> new AnalyticsPipeline(oldHost, ShardBudget.protobuf(1024))
        .run(plays))
        .isInstanceOf(StageFailedException.class)
        .hasMessageStartingWith("UserBehavior stage failed (shard 2 (records ")
        .hasMessageContaining("its answers cannot be merged: cannot merge the summaries of "
            + "user 'U");
  }

  @Test
  void shouldRefuseABudgetTooSmallForTheRankingHead() {
    // Every song by one artist: the head is the whole ranking, since no song of another
    // artist can fill a recommendation.
    StreamList.Builder plays = StreamList.newBuilder();
    for (int i = 0; i < 40; i++) {
      plays.addRecords(play("U" + i, "Song number " + i, "The only artist", 100, "Pop"));
    }
    ShardBudget budget = ShardBudget.protoJson(1024);

    assertThatThrownBy(() -> new AnalyticsPipeline(new InProcessStages(budget), budget)
        .run(plays.build()))
        .isInstanceOf(ShardBudgetException.class)
        .hasMessageStartingWith("a Recommendation request needs ")
        .hasMessageEndingWith(" bytes of proto3 JSON for the head of the ranking (40 songs)"
            + " alone, more than the shard budget of 1024");
  }
}
