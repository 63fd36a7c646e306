package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;

import java.util.Map;
import java.util.function.Consumer;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * {@code analyzeUsers}' answer to the request of {@code events/analyzeUsers.json} (and of
 * its {@code -http} twin): the first 12 rows of data/stream_data.csv, summed by hand. The
 * check parses the response JSON strictly into the response message.
 */
final class UserBehaviorSampleResponses {

  /** The check of each function's sample response, by function definition. */
  static final Map<String, Consumer<byte[]>> BY_DEFINITION =
      Map.of("analyzeUsers", UserBehaviorSampleResponses::assertUserStats);

  private UserBehaviorSampleResponses() {}

  private static UserStat user(String id, long seconds, String topArtist) {
    return UserStat.newBuilder().setUserId(id).setTotalTime(seconds).setTopArtist(topArtist)
        .build();
  }

  static void assertUserStats(byte[] json) {
    UserStatsList users = parse(json, UserStatsList.newBuilder());

    // U002 played Billie Eilish and Bruno Mars twice each; U001 three artists once each.
    assertThat(users.getUserStatsList())
        .map(user -> user.toBuilder().clearArtistPlays().build())
        .containsExactly(
            user("U001", 690, "Adele"),
            user("U002", 860, "Billie Eilish"),
            user("U003", 430, "Drake"),
            user("U004", 490, "Adele"),
            user("U005", 250, "Drake"));
    assertThat(users.getUserStats(1).getArtistPlaysMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("Billie Eilish", 2L, "Bruno Mars", 2L));
    assertThat(users.getUserStats(0).getArtistPlaysMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("Adele", 1L, "Drake", 1L, "Imagine Dragons", 1L));
    assertThat(users.getTopUsersList()).containsExactly("U002", "U001", "U004", "U003", "U005");
  }
}
