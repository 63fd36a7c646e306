package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.FuzzInputs;
import org.musicanalytics.counting.Plays;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.GenreAnalysisServiceGrpc;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.RecommendationServiceGrpc;
import org.musicanalytics.proto.ShardAnalysisServiceGrpc;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserBehaviorServiceGrpc;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * The real host (default configuration, loopback, free ports) against targeted hostile
 * requests: giant strings, NUL bytes, duplicate plays, durations at and past the edges of
 * int32 (sums past int32 stay exact), strings that are not UTF-8, empty requests. Each gets
 * what the plain generated-code path gives: the same answer, or a clear rejection.
 */
class HostileRequestsTest {

  private static final Map<String, AnalyticsFunction<?, ?>> FUNCTIONS = AnalyticsFunctions.load();

  /** Larger than any request here; the host's own default limit is 64 MiB. */
  private static final int CHANNEL_LIMIT = 64 * 1024 * 1024;

  private static AnalyticsHost host;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() throws IOException {
    host = AnalyticsHost.start(HostConfig.ephemeral());
    channel = NettyChannelBuilder.forAddress(host.addresses().get(0)).usePlaintext()
        .maxInboundMessageSize(CHANNEL_LIMIT).build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    host.close();
  }

  @Test
  void shouldAnswerGiantStringsWhole() {
    String user = FuzzInputs.giant('u', 3 * 1024 * 1024);
    String artist = FuzzInputs.giant('é', 512 * 1024); // two bytes each in UTF-8
    String song = FuzzInputs.giant('s', 512 * 1024);
    String genre = FuzzInputs.giant('g', 512 * 1024);
    StreamList request = Plays.plays(Plays.play(user, song, artist, 200, genre),
        Plays.play("u2", song, artist, 100, genre));

    PlayCounts counts = MapReduceServiceGrpc.newBlockingStub(channel).aggregateStream(request);
    UserStatsList users = UserBehaviorServiceGrpc.newBlockingStub(channel).analyzeUsers(request);
    GenreAnalysisResponse genres =
        GenreAnalysisServiceGrpc.newBlockingStub(channel).analyzeGenres(request);

    assertThat(counts.getPlayCountsMap()).containsExactly(Map.entry(artist + " - " + song, 2L));
    assertThat(users.getUserStatsList()).extracting(UserStat::getUserId)
        .containsExactly("u2", user); // by id: "u2" < "uuu..."
    assertThat(users.getUserStats(1).getTopArtist()).isEqualTo(artist);
    assertThat(users.getTopUsersList()).containsExactly(user, "u2");
    assertThat(genres.getGenreCountsMap()).containsExactly(Map.entry(genre, 2L));
    assertSameAsPlainPath(request);
  }

  @Test
  void shouldCountDuplicatePlaysAndKeepNulBytes() {
    StreamRecord play = Plays.play("a\u0000b", "S\u00001", "N\u0000ul", 30, "P\u0000p");
    StreamList request = Plays.plays(play, play, Plays.play("a", "S1", "Nul", 30, "Pop"));

    PlayCounts counts = MapReduceServiceGrpc.newBlockingStub(channel).aggregateStream(request);
    UserStatsList users = UserBehaviorServiceGrpc.newBlockingStub(channel).analyzeUsers(request);

    assertThat(counts.getPlayCountsMap()).containsOnly(
        Map.entry("N\u0000ul - S\u00001", 2L), Map.entry("Nul - S1", 1L));
    assertThat(users.getUserStatsList()).extracting(UserStat::getUserId, UserStat::getTotalTime)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 30L),
            org.assertj.core.groups.Tuple.tuple("a\u0000b", 60L));
    assertSameAsPlainPath(request);
  }

  @Test
  void shouldSumDurationsPastInt32Exactly() {
    StreamList request = Plays.plays(
        Plays.play("u1", "S1", "A", Integer.MAX_VALUE, "Pop"),
        Plays.play("u1", "S1", "A", Integer.MAX_VALUE, "Pop"),
        Plays.play("u1", "S1", "A", Integer.MAX_VALUE, "Pop"),
        Plays.play("u2", "S1", "A", 0, "Pop"));

    UserStatsList users = UserBehaviorServiceGrpc.newBlockingStub(channel).analyzeUsers(request);

    assertThat(users.getUserStats(0).getTotalTime()).isEqualTo(3L * Integer.MAX_VALUE);
    assertThat(users.getUserStats(1).getTotalTime()).isZero();
    assertThat(users.getTopUsersList()).containsExactly("u1", "u2");
    assertSameAsPlainPath(request);
  }

  @Test
  void shouldRejectANegativeDurationNamingTheRecord() {
    StreamList request = Plays.plays(Plays.play("u1", "S1", "A", 10, "Pop"),
        Plays.play("u2", "S1", "A", Integer.MIN_VALUE, "Pop"));

    for (MethodDescriptor<StreamList, ?> method : streamListMethods()) {
      Status status = HostTesting.failure(channel, method, request.toByteArray());

      assertThat(status.getCode()).as(method.getFullMethodName())
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).as(method.getFullMethodName())
          .isEqualTo("records[1].duration must not be negative, was -2147483648");
    }
  }

  /**
   * A duration sent as a 64-bit varint (a client that widened the field): protobuf reads an
   * int32 field as the low 32 bits of the varint, so the value may wrap; every path reads
   * it as the generated parser does, and a result that wraps to a negative value is
   * rejected rather than summed.
   */
  @Test
  void shouldReadDurationsPastInt32AsTheGeneratedParser() throws IOException {
    for (long wide : new long[] {Long.MAX_VALUE, 1L << 31, -1L, (1L << 32) + 5}) {
      byte[] request = recordWithDuration("u1", wide);

      StreamList parsed = StreamList.parseFrom(request);
      int narrow = parsed.getRecords(0).getDuration();
      assertThat(narrow).isEqualTo((int) wide);
      if (narrow < 0) {
        Status status = HostTesting.failure(channel,
            UserBehaviorServiceGrpc.getAnalyzeUsersMethod(), request);
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).startsWith("records[0].duration must not be negative");
      } else {
        assertSameAsPlainPath(parsed);
        UserStatsList users =
            UserBehaviorServiceGrpc.newBlockingStub(channel).analyzeUsers(parsed);
        assertThat(users.getUserStats(0).getTotalTime()).isEqualTo(narrow);
      }
    }
  }

  /**
   * Invalid UTF-8 in any string field: refused as the generated parser refuses it, never
   * as a stage that failed.
   */
  @Test
  void shouldRefuseStringsThatAreNotUtf8AsThePlainPath() throws IOException {
    for (int field : new int[] {1, 2, 3, 5, 6}) {
      for (byte[] invalid : FuzzInputs.INVALID_UTF8) {
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(record);
        out.writeString(1, "u1");
        out.writeByteArray(field, FuzzInputs.concat(FuzzInputs.utf8("ok"), invalid));
        out.flush();
        byte[] request = listOf(record.toByteArray());
        assertThat(FuzzInputs.parseOrNull(StreamList.getDefaultInstance(), request))
            .as("the generated parser refuses it").isNull();

        for (MethodDescriptor<StreamList, ?> method : streamListMethods()) {
          Status status = HostTesting.failure(channel, method, request);
          assertThat(status.getCode()).as(method.getFullMethodName() + " field " + field)
              .isIn(Status.Code.INVALID_ARGUMENT, Status.Code.INTERNAL, Status.Code.UNKNOWN);
          assertThat(status.getDescription()).doesNotContain("internal error in");
        }
      }
    }
  }

  @Test
  void shouldAnswerEmptyRequestsWithEmptyAnswers() {
    StreamList empty = StreamList.getDefaultInstance();

    assertThat(MapReduceServiceGrpc.newBlockingStub(channel).aggregateStream(empty)
        .getPlayCountsMap()).isEmpty();
    UserStatsList users = UserBehaviorServiceGrpc.newBlockingStub(channel).analyzeUsers(empty);
    assertThat(users.getUserStatsList()).isEmpty();
    assertThat(users.getTopUsersList()).isEmpty();
    assertThat(GenreAnalysisServiceGrpc.newBlockingStub(channel).analyzeGenres(empty)
        .getTopGenresList()).isEmpty();
    ShardCounts shard = ShardAnalysisServiceGrpc.newBlockingStub(channel).analyzeShard(empty);
    // The compact summary of no plays: no strings, no counts.
    assertThat(FuzzInputs.untimed(shard)).isEqualTo(ShardCounts.getDefaultInstance());
    RecommendationResponse recommendations = RecommendationServiceGrpc.newBlockingStub(channel)
        .recommend(RecommendationRequest.getDefaultInstance());
    assertThat(recommendations.getTrendingSongsList()).isEmpty();
    assertThat(recommendations.getRecommendationsMap()).isEmpty();
  }

  /**
   * Unknown groups nested 100,000 deep inside a record: both parsers refuse the request
   * (protobuf-java limits the depth) instead of overflowing the stack, and the host
   * answers with a refusal, not a failed stage.
   */
  @Test
  void shouldRefuseDeeplyNestedGroupsAsThePlainPath() throws Exception {
    int depth = 100_000;
    byte[] record = FuzzInputs.concat(FuzzInputs.utf8("\n\u0002u1"),
        repeated((byte) 0x0B, depth), repeated((byte) 0x0C, depth)); // start/end group 1
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(list);
    out.writeByteArray(1, record);
    out.flush();
    byte[] request = list.toByteArray();

    assertThat(FuzzInputs.parseOrNull(StreamList.getDefaultInstance(), request)).isNull();
    for (AnalyticsFunction<?, ?> function : FUNCTIONS.values()) {
      if (function.wireForm() != null) {
        assertThat(catchThrowableOfType(com.google.protobuf.InvalidProtocolBufferException.class,
            () -> function.wireForm().apply(request))).as(function.name()).isNotNull();
      }
    }
    for (MethodDescriptor<StreamList, ?> method : streamListMethods()) {
      assertThat(HostTesting.failure(channel, method, request).getDescription())
          .doesNotContain("internal error in");
    }
  }

  private static byte[] repeated(byte b, int count) {
    byte[] bytes = new byte[count];
    java.util.Arrays.fill(bytes, b);
    return bytes;
  }

  /**
   * A rejection that names a giant value (a repeated 1 MiB user id, a negative count under
   * a 1 MiB key) still reaches the caller as INVALID_ARGUMENT naming the field, its
   * description bounded: gRPC carries it in a header, whose size is limited.
   */
  @Test
  void shouldRejectNamingAGiantValueWithABoundedDescription() {
    String giant = FuzzInputs.giant('x', 1024 * 1024);
    UserStat user = UserStat.newBuilder().setUserId(giant).setTopArtist("A").build();
    RecommendationRequest repeatedUser = RecommendationRequest.newBuilder()
        .setUserStats(UserStatsList.newBuilder().addUserStats(user).addUserStats(user)).build();
    RecommendationRequest negativeCount = RecommendationRequest.newBuilder()
        .setPlayCounts(PlayCounts.newBuilder().putPlayCounts(giant, -1)).build();

    for (RecommendationRequest request : List.of(repeatedUser, negativeCount)) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> RecommendationServiceGrpc.newBlockingStub(channel).recommend(request));

      String status = e.getStatus().toString();
      assertThat(e.getStatus().getCode()).as(status.substring(0, Math.min(300, status.length())))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).hasSizeLessThan(2048)
          .containsAnyOf("user_stats.user_stats[1].user_id", "play_counts.play_counts[");
    }
  }

  // ---- helpers --------------------------------------------------------------------

  /** Every record-reading method answers {@code request} as its plain function does. */
  private static void assertSameAsPlainPath(StreamList request) {
    for (MethodDescriptor<StreamList, ?> method : streamListMethods()) {
      Message answer = (Message) ClientCalls.blockingUnaryCall(channel, method,
          CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), request);
      AnalyticsFunction<?, ?> function =
          FUNCTIONS.get(org.musicanalytics.host.internal.FunctionBinding.functionName(method));
      assertThat(FuzzInputs.untimed(answer)).as(method.getFullMethodName())
          .isEqualTo(FuzzInputs.untimed(function.applyUnchecked(request)));
    }
  }

  private static List<MethodDescriptor<StreamList, ?>> streamListMethods() {
    return List.of(MapReduceServiceGrpc.getAggregateStreamMethod(),
        UserBehaviorServiceGrpc.getAnalyzeUsersMethod(),
        GenreAnalysisServiceGrpc.getAnalyzeGenresMethod(),
        ShardAnalysisServiceGrpc.getAnalyzeShardMethod());
  }

  /** A StreamList of one record whose duration is written as a 64-bit varint. */
  private static byte[] recordWithDuration(String user, long duration) throws IOException {
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(record);
    out.writeString(1, user);
    out.writeString(3, "A");
    out.writeInt64(4, duration);
    out.flush();
    return listOf(record.toByteArray());
  }

  private static byte[] listOf(byte[] record) throws IOException {
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(list);
    out.writeByteArray(1, record);
    out.flush();
    return list.toByteArray();
  }
}
