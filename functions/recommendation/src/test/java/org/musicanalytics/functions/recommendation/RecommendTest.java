package org.musicanalytics.functions.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.Song;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

class RecommendTest {

  private final Recommend recommend = new Recommend();

  /** Builds play counts the way the map-reduce stage does: key plus its parts. */
  private static final class Counts {
    private final PlayCounts.Builder builder = PlayCounts.newBuilder();

    Counts song(String artist, String songId, long plays) {
      String key = artist + " - " + songId;
      builder.putPlayCounts(key, plays)
          .putSongs(key, Song.newBuilder().setArtist(artist).setSongId(songId).build());
      return this;
    }

    PlayCounts build() {
      return builder.build();
    }
  }

  private static UserStatsList users(String... userAndTopArtist) {
    UserStatsList.Builder users = UserStatsList.newBuilder();
    for (int i = 0; i < userAndTopArtist.length; i += 2) {
      users.addUserStats(UserStat.newBuilder().setUserId(userAndTopArtist[i])
          .setTopArtist(userAndTopArtist[i + 1]).setTotalTime(100));
    }
    return users.build();
  }

  private static RecommendationRequest request(PlayCounts counts, UserStatsList users) {
    return RecommendationRequest.newBuilder().setPlayCounts(counts).setUserStats(users).build();
  }

  @Test
  void shouldTrendTheTopFiveByPlaysThenKey() {
    PlayCounts counts = new Counts().song("A", "S1", 3).song("B", "S2", 9).song("C", "S3", 3)
        .song("D", "S4", 1).song("E", "S5", 5).song("F", "S6", 1).build();

    RecommendationResponse response = recommend.apply(request(counts, users()));

    assertThat(response.getTrendingSongsList())
        .containsExactly("B - S2", "E - S5", "A - S1", "C - S3", "D - S4");
  }

  @Test
  void shouldSkipOnlySongsByExactlyTheUsersTopArtistAndFillUpToFive() {
    PlayCounts counts = new Counts().song("Drake", "S1", 10).song("Drake Bell", "S2", 9)
        .song("Drake", "S3", 8).song("Adele", "S4", 7).song("Bach", "S5", 6)
        .song("Cher", "S6", 5).song("Dido", "S7", 4).build();

    RecommendationResponse response = recommend.apply(request(counts, users("U1", "Drake")));

    // The old deployment hid "Drake Bell" too (substring match) and did not fill up.
    assertThat(response.getRecommendationsMap().get("U1").getValuesList()).containsExactly(
        "Drake Bell - S2", "Adele - S4", "Bach - S5", "Cher - S6", "Dido - S7");
  }

  @Test
  void shouldUseTheStructuredArtistWhenTheArtistNameContainsTheSeparator() {
    PlayCounts counts = new Counts().song("A - B", "S1", 5).song("A", "S2", 4).build();

    RecommendationResponse byA = recommend.apply(request(counts, users("U1", "A")));
    RecommendationResponse byAB = recommend.apply(request(counts, users("U1", "A - B")));

    assertThat(byA.getRecommendationsMap().get("U1").getValuesList())
        .containsExactly("A - B - S1");
    assertThat(byAB.getRecommendationsMap().get("U1").getValuesList())
        .containsExactly("A - S2");
  }

  @Test
  void shouldFallBackToTheKeyPrefixForRequestsWithoutSongParts() {
    PlayCounts legacy = PlayCounts.newBuilder()
        .putPlayCounts("Drake - S1", 10).putPlayCounts("Drake Bell - S2", 9)
        .putPlayCounts("Adele - S3", 8).build();

    RecommendationResponse response = recommend.apply(request(legacy, users("U1", "Drake")));

    assertThat(response.getRecommendationsMap().get("U1").getValuesList())
        .containsExactly("Drake Bell - S2", "Adele - S3");
  }

  @Test
  void shouldRecommendForEveryUserEvenWithFewerThanFiveSongs() {
    PlayCounts counts = new Counts().song("Björk", "曲1", 2).song("Sigur Rós", "S2", 1).build();

    RecommendationResponse response = recommend.apply(
        request(counts, users("ユーザー", "Björk", "U2", "Nobody", "U3", "")));

    assertThat(response.getRecommendationsMap()).containsOnlyKeys("ユーザー", "U2", "U3");
    assertThat(response.getRecommendationsMap().get("ユーザー").getValuesList())
        .containsExactly("Sigur Rós - S2");
    assertThat(response.getRecommendationsMap().get("U2").getValuesList())
        .containsExactly("Björk - 曲1", "Sigur Rós - S2");
    assertThat(response.getRecommendationsMap().get("U3").getValuesList())
        .containsExactly("Björk - 曲1", "Sigur Rós - S2");
  }

  @Test
  void shouldAnswerAnEmptyRequestWithNothing() {
    RecommendationResponse response = recommend.apply(RecommendationRequest.getDefaultInstance());

    assertThat(response.getTrendingSongsList()).isEmpty();
    assertThat(response.getRecommendationsMap()).isEmpty();
  }

  @Test
  void shouldHandleASingleSongAndUser() {
    PlayCounts counts = new Counts().song("Adele", "S1", 1).build();

    RecommendationResponse response = recommend.apply(request(counts, users("U1", "Adele")));

    assertThat(response.getTrendingSongsList()).containsExactly("Adele - S1");
    assertThat(response.getRecommendationsMap().get("U1").getValuesList()).isEmpty();
  }

  @Test
  void shouldRejectAnEmptyOrRepeatedUserId() {
    PlayCounts counts = new Counts().song("A", "S1", 1).build();

    assertThatThrownBy(() -> recommend.apply(request(counts, users("U1", "A", "", "B"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("user_stats.user_stats[1].user_id must not be empty");
    assertThatThrownBy(() -> recommend.apply(request(counts, users("U1", "A", "U1", "B"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("user_stats.user_stats[1].user_id repeats user 'U1'");
  }

  @Test
  void shouldRejectANegativePlayCount() {
    PlayCounts counts = PlayCounts.newBuilder().putPlayCounts("A - S1", -3).build();

    assertThatThrownBy(() -> recommend.apply(request(counts, users())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("play_counts.play_counts[\"A - S1\"]");
  }

  @Test
  void shouldBeDiscoveredAsRecommend() {
    // With the learned recommender's rounds, which the same module provides.
    assertThat(AnalyticsFunctions.load()).containsOnlyKeys("recommend", "countCoListening",
        "recommendFromListening");
    assertThat(AnalyticsFunctions.load().get("recommend").requestType())
        .isEqualTo(RecommendationRequest.class);
  }
}
