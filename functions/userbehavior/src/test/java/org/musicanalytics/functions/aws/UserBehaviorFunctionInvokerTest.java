package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.functions.aws.LambdaTestSupport.event;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoke;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoker;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.messaging.converter.MessageConversionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code analyzeUsers} through a real {@link FunctionInvoker} on
 * {@code events/analyzeUsers.json}. Expected values are summed by hand from the event's
 * 12 plays (the first 12 rows of data/stream_data.csv).
 */
class UserBehaviorFunctionInvokerTest {

  private static FunctionInvoker analyzeUsers;

  @BeforeAll
  static void startInvoker() {
    analyzeUsers = invoker("analyzeUsers");
  }

  private static UserStat user(String id, long seconds, String topArtist) {
    return UserStat.newBuilder().setUserId(id).setTotalTime(seconds).setTopArtist(topArtist)
        .build();
  }

  @Test
  void shouldSumListeningTimeAndBreakTopArtistTiesByName() {
    UserStatsList users =
        parse(invoke(analyzeUsers, event("analyzeUsers")), UserStatsList.newBuilder());

    // U002 played Billie Eilish and Bruno Mars twice each; U001 three artists once each.
    assertThat(users.getUserStatsList())
        .map(user -> user.toBuilder().clearArtistPlays().build())
        .containsExactly(
        user("U001", 690, "Adele"),
        user("U002", 860, "Billie Eilish"),
        user("U003", 430, "Drake"),
        user("U004", 490, "Adele"),
        user("U005", 250, "Drake"));
    assertThat(users.getTopUsersList()).containsExactly("U002", "U001", "U004", "U003", "U005");
  }

  @Test
  void shouldPrintTotalsAsProto3JsonInt64Strings() {
    var response = JsonMapper.builder().build()
        .readTree(invoke(analyzeUsers, event("analyzeUsers")));

    assertThat(response.path("user_stats").path(1).path("total_time").isString()).isTrue();
    assertThat(response.path("user_stats").path(1).path("total_time").asString())
        .isEqualTo("860");
  }

  @Test
  void shouldFailARecordThatIsNotAnObject() {
    assertThatThrownBy(() -> invoke(analyzeUsers, "{\"records\":[\"U001,S001,Adele,200\"]}"))
        .isInstanceOf(MessageConversionException.class)
        .hasMessageContaining("music.StreamList");
  }
}
