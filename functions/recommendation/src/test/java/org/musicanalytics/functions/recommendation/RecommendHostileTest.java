package org.musicanalytics.functions.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * {@code recommend} on a hostile request: many users whose top artist owns the whole head
 * of the ranking. Each user's picks lie past that artist's songs, so scanning the ranking
 * per user costs users x ranking: with 100,000 of each (a request under gRPC's default
 * 4 MiB limit) that is 10^10 steps for one call. Users with the same top artist get the
 * same picks, so the work need not grow that way.
 */
class RecommendHostileTest {

  private static final int SIZE = 100_000;

  @Test
  void shouldAnswerManyUsersOfTheArtistOwningTheRankingHeadPromptly() {
    RecommendationRequest.Builder request = RecommendationRequest.newBuilder();
    for (int i = 0; i < SIZE; i++) {
      request.addRanking(RankedSong.newBuilder().setKey(String.format("A - S%07d", i))
          .setArtist("A").setPlays(10));
    }
    for (int i = 0; i < 5; i++) {
      request.addRanking(RankedSong.newBuilder().setKey("B - S" + i).setArtist("B").setPlays(1));
    }
    UserStatsList.Builder users = UserStatsList.newBuilder();
    for (int i = 0; i < SIZE; i++) {
      users.addUserStats(UserStat.newBuilder().setUserId("U" + i).setTopArtist("A"));
    }
    RecommendationRequest built = request.setUserStats(users).build();

    // A hang guard, not a speed check: linear work takes well under a second.
    RecommendationResponse response = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> new Recommend().apply(built));

    assertThat(response.getRecommendationsCount()).isEqualTo(SIZE);
    assertThat(response.getRecommendationsOrThrow("U12345").getValuesList())
        .isEqualTo(List.of("B - S0", "B - S1", "B - S2", "B - S3", "B - S4"));
  }
}
