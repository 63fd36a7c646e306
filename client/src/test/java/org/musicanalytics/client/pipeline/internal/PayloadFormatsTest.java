package org.musicanalytics.client.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.musicanalytics.client.pipeline.PayloadFormat;
import org.musicanalytics.client.pipeline.RandomRecords;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.functions.recommendation.RankingHead;
import org.musicanalytics.functions.recommendation.RecommendationShards;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * The sizes the shard cutting relies on, checked against real encodings: the sizes of
 * requests are exact (JSON: one comma over), and the answer bounds hold for the answers
 * of the real stages, even when every record adds a new song, user, artist and genre.
 */
class PayloadFormatsTest {

  private static final Map<String, AnalyticsFunction<?, ?>> STAGES = AnalyticsFunctions.load();

  static Stream<PayloadFormat> formats() {
    return Stream.of(PayloadFormat.protobuf(), PayloadFormat.protoJson());
  }

  @Test
  void shouldSizeJsonStringsExactlyAsJsonFormatPrintsThem() {
    String alphabet = "aZ09 /-_.\"\\<>&='\u0000\u0001\b\f\n\r\t\u001f\u007f"
        + "éß€東\u2028\u2029\ud83c\udfb5\ud800\udc00";
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(12);
      for (int j = 0; j < length; j++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      // Unpaired surrogates too: the high or the low half alone.
      if (random.nextInt(10) == 0) {
        value.append(random.nextBoolean() ? '\ud83c' : '\udfb5');
      }
      String text = value.toString();
      String printed = ProtoJsonFormat.print(StreamRecord.newBuilder().setUserId(text).build());
      long overhead = "{\"user_id\":}".length();
      assertThat(ProtoJsonFormat.string(text)).as("%s printed as %s", text, printed)
          .isEqualTo(printed.isEmpty() || text.isEmpty() ? 2
              : printed.getBytes(StandardCharsets.UTF_8).length - overhead);
    }
  }

  @ParameterizedTest
  @MethodSource("formats")
  void shouldSizeStreamListsExactly(PayloadFormat format) {
    Random random = new Random(11);
    for (int round = 0; round < 50; round++) {
      List<StreamRecord> records = round % 2 == 0
          ? RandomRecords.plays(random, random.nextInt(40), 8, 20)
          : RandomRecords.allDistinct(random, random.nextInt(40));
      // A record with default values (fields left out of JSON).
      records = new ArrayList<>(records);
      records.add(StreamRecord.newBuilder().setUserId("U").build());
      long sum = format.streamListBytes();
      for (StreamRecord record : records) {
        sum += format.recordBytes(record);
      }
      long actual = format.messageBytes(StreamList.newBuilder().addAllRecords(records).build());
      // JSON counts a comma after every record; the last one has none.
      assertThat(sum).isEqualTo(format == PayloadFormat.protoJson() ? actual + 1 : actual);
    }
  }

  @ParameterizedTest
  @MethodSource("formats")
  void shouldBoundTheAnswersOfTheRealStages(PayloadFormat format) {
    Random random = new Random(13);
    for (int round = 0; round < 40; round++) {
      List<StreamRecord> records = round % 2 == 0
          ? RandomRecords.allDistinct(random, random.nextInt(60))
          : RandomRecords.plays(random, random.nextInt(60), 10, 10);
      StreamList plays = StreamList.newBuilder().addAllRecords(records).build();
      long bound = format.answerEnvelopeBytes();
      for (StreamRecord record : records) {
        bound += format.recordAnswerBound(record);
      }
      long largest = 0;
      for (String stage : List.of("aggregateStream", "analyzeUsers", "analyzeGenres")) {
        Message answer = (Message) STAGES.get(stage).applyUnchecked(plays);
        assertThat(format.messageBytes(answer)).as(stage).isLessThanOrEqualTo(bound);
        largest = Math.max(largest, format.messageBytes(answer));
      }
      // All distinct: the largest answer is close to the bound, so the bound is useful.
      if (round % 2 == 0 && records.size() > 20) {
        assertThat(largest).isGreaterThan(bound / 2);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("formats")
  void shouldBoundRecommendationRequestsAndAnswers(PayloadFormat format) {
    Random random = new Random(17);
    for (int round = 0; round < 30; round++) {
      StreamList plays = StreamList.newBuilder()
          .addAllRecords(RandomRecords.plays(random, 1 + random.nextInt(80), 30, 25)).build();
      PlayCounts counts = (PlayCounts) STAGES.get("aggregateStream").applyUnchecked(plays);
      UserStatsList users = (UserStatsList) STAGES.get("analyzeUsers").applyUnchecked(plays);
      List<RankedSong> head = RankingHead.of(counts);
      long maxKey = head.stream().mapToLong(s -> format.keyBytes(s.getKey())).max().orElse(0);

      RecommendationRequest request =
          RecommendationShards.request(head, users.getUserStatsList());
      long requestBound = format.messageBytes(RecommendationShards.request(head, List.of()))
          + format.answerEnvelopeBytes();
      long answerBound = format.answerEnvelopeBytes() + Ranking.TOP_K * maxKey;
      for (UserStat user : users.getUserStatsList()) {
        requestBound += format.userRequestBytes(user);
        answerBound += format.userAnswerBound(user, maxKey);
      }
      assertThat(format.messageBytes(request)).isLessThanOrEqualTo(requestBound);
      Message answer = (Message) STAGES.get("recommend").applyUnchecked(request);
      assertThat(format.messageBytes(answer)).isLessThanOrEqualTo(answerBound);
    }
  }
}
