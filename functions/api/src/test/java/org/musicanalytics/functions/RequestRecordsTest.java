package org.musicanalytics.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

class RequestRecordsTest {

  @Test
  void shouldCountTheRecordsOfAStreamList() {
    StreamList plays = StreamList.newBuilder()
        .addRecords(StreamRecord.newBuilder().setUserId("u1"))
        .addRecords(StreamRecord.newBuilder().setUserId("u2"))
        .addRecords(StreamRecord.newBuilder().setUserId("u3"))
        .build();

    assertThat(RequestRecords.count(plays)).isEqualTo(OptionalInt.of(3));
    assertThat(RequestRecords.count(StreamList.getDefaultInstance())).isEqualTo(OptionalInt.of(0));
  }

  @Test
  void shouldCountTheSongsOfARecommendationRequest() {
    RecommendationRequest request = RecommendationRequest.newBuilder()
        .setPlayCounts(PlayCounts.newBuilder().putPlayCounts("A - s1", 4)
            .putPlayCounts("B - s2", 1))
        .setUserStats(UserStatsList.newBuilder()
            .addUserStats(UserStat.newBuilder().setUserId("u1"))
            .addUserStats(UserStat.newBuilder().setUserId("u2"))
            .addUserStats(UserStat.newBuilder().setUserId("u3")))
        .build();

    assertThat(RequestRecords.count(request)).isEqualTo(OptionalInt.of(2));
  }

  @Test
  void shouldFindNothingInAMessageWithoutRepeatedFields() {
    assertThat(RequestRecords.count(StreamRecord.getDefaultInstance())).isEmpty();
  }
}
