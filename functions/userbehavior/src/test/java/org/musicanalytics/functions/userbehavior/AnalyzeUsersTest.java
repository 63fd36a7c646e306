package org.musicanalytics.functions.userbehavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.counting.Plays.play;
import static org.musicanalytics.counting.Plays.plays;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

class AnalyzeUsersTest {

  private final AnalyzeUsers analyzeUsers = new AnalyzeUsers();

  /** A user summary without its per-artist plays, for comparing what the old contract has. */
  private static UserStat stat(String user, long total, String topArtist) {
    return UserStat.newBuilder().setUserId(user).setTotalTime(total).setTopArtist(topArtist)
        .build();
  }

  private static List<UserStat> withoutArtistPlays(UserStatsList response) {
    return response.getUserStatsList().stream()
        .map(user -> user.toBuilder().clearArtistPlays().build()).toList();
  }

  @Test
  void shouldSumListeningTimeAndFindTheMostPlayedArtistPerUser() {
    UserStatsList response = analyzeUsers.apply(plays(
        play("U2", "S1", "Adele", 100, "Soul"),
        play("U1", "S2", "Drake", 250, "Hip-Hop"),
        play("U1", "S3", "Adele", 50, "Soul"),
        play("U1", "S4", "Drake", 10, "Hip-Hop")));

    // Listed by user id, whatever the input order.
    assertThat(withoutArtistPlays(response)).containsExactly(
        stat("U1", 310, "Drake"), stat("U2", 100, "Adele"));
    assertThat(response.getTopUsersList()).containsExactly("U1", "U2");
  }

  @Test
  void shouldCarryPlaysPerArtistSoShardSummariesCanMerge() {
    UserStatsList response = analyzeUsers.apply(plays(
        play("U1", "S1", "Drake"), play("U1", "S2", "Drake"), play("U1", "S3", "Adele")));

    assertThat(response.getUserStats(0).getArtistPlaysMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("Drake", 2L, "Adele", 1L));
  }

  @Test
  void shouldBreakATopArtistTieByArtistNameNotByFirstPlay() {
    UserStatsList response = analyzeUsers.apply(plays(
        play("U1", "S1", "Zedd"), play("U1", "S2", "Adele")));

    assertThat(response.getUserStats(0).getTopArtist()).isEqualTo("Adele");
  }

  @Test
  void shouldRankTopUsersByTotalTimeThenUserIdAndKeepFive() {
    List<StreamRecord> records = new ArrayList<>();
    for (String user : List.of("U7", "U6", "U5", "U4", "U3", "U2", "U1")) {
      records.add(play(user, "S1", "A", 100, "Pop"));
    }
    records.add(play("U9", "S1", "A", 500, "Pop"));

    UserStatsList response = analyzeUsers.apply(
        StreamList.newBuilder().addAllRecords(records).build());

    assertThat(response.getUserStatsCount()).isEqualTo(8);
    assertThat(response.getTopUsersList()).containsExactly("U9", "U1", "U2", "U3", "U4");
  }

  @Test
  void shouldNotOverflowTotalsBeyondTheInt32Range() {
    UserStatsList response = analyzeUsers.apply(plays(
        play("U1", "S1", "A", Integer.MAX_VALUE, "Pop"),
        play("U1", "S1", "A", Integer.MAX_VALUE, "Pop"),
        play("U1", "S1", "A", 2, "Pop")));

    assertThat(response.getUserStats(0).getTotalTime()).isEqualTo(4_294_967_296L);
  }

  @Test
  void shouldReturnNothingForAnEmptyRequest() {
    UserStatsList response = analyzeUsers.apply(StreamList.getDefaultInstance());

    assertThat(response.getUserStatsList()).isEmpty();
    assertThat(response.getTopUsersList()).isEmpty();
  }

  @Test
  void shouldDescribeASingleRecord() {
    UserStatsList response = analyzeUsers.apply(plays(play("U1", "S1", "Adele", 0, "Soul")));

    assertThat(withoutArtistPlays(response)).containsExactly(stat("U1", 0, "Adele"));
    assertThat(response.getTopUsersList()).containsExactly("U1");
  }

  @Test
  void shouldKeepNonAsciiAndSeparatorContainingNamesWhole() {
    UserStatsList response = analyzeUsers.apply(plays(
        play("ユーザー", "S1", "Earth - Wind & Fire"),
        play("ユーザー", "S2", "Earth - Wind & Fire"),
        play("ユーザー", "S3", "Sigur Rós")));

    assertThat(withoutArtistPlays(response)).containsExactly(
        stat("ユーザー", 600, "Earth - Wind & Fire"));
  }

  @Test
  void shouldRejectAnEmptyUserIdNamingItsIndex() {
    assertThatThrownBy(() -> analyzeUsers.apply(plays(
        play("U1", "S1", "A"), play("U1", "S1", "A"), play("", "S1", "A"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("records[2].user_id must not be empty");
  }

  @Test
  void shouldBeDiscoveredAsAnalyzeUsers() {
    assertThat(AnalyticsFunctions.load()).containsOnlyKeys("analyzeUsers");
  }
}
