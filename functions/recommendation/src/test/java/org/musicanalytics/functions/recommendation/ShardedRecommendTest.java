package org.musicanalytics.functions.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.RandomPlays;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.Song;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * Property: recommending per shard of users from the head of the ranking equals
 * recommending for everyone from the whole play-count map.
 */
class ShardedRecommendTest {

  private static final String[] ARTISTS = {"Drake", "Drake Bell", "A - B", "A", "Björk", "Zedd"};

  private final Recommend recommend = new Recommend();

  private static PlayCounts randomCounts(Random random) {
    PlayCounts.Builder counts = PlayCounts.newBuilder();
    int songs = random.nextInt(25);
    for (int i = 0; i < songs; i++) {
      // Few artists and few distinct counts: long runs of one artist, many ties.
      String artist = ARTISTS[random.nextInt(random.nextBoolean() ? 2 : ARTISTS.length)];
      String key = artist + " - S" + i;
      counts.putPlayCounts(key, 1 + random.nextInt(4))
          .putSongs(key, Song.newBuilder().setArtist(artist).setSongId("S" + i).build());
    }
    return counts.build();
  }

  private static List<UserStat> randomUsers(Random random) {
    List<UserStat> users = new ArrayList<>();
    int count = random.nextInt(10);
    for (int i = 0; i < count; i++) {
      users.add(UserStat.newBuilder().setUserId("U" + i).setTotalTime(random.nextInt(1000))
          .setTopArtist(ARTISTS[random.nextInt(ARTISTS.length)]).build());
    }
    return users;
  }

  @Test
  void shouldGiveEveryShardOfUsersTheirUnshardedRecommendations() {
    Random random = new Random(99L);
    for (int trial = 0; trial < 500; trial++) {
      PlayCounts counts = randomCounts(random);
      List<UserStat> users = randomUsers(random);
      RecommendationResponse whole = recommend.apply(RecommendationRequest.newBuilder()
          .setPlayCounts(counts)
          .setUserStats(UserStatsList.newBuilder().addAllUserStats(users))
          .build());

      List<UserStat> order = new ArrayList<>(users);
      Collections.shuffle(order, random);
      List<RecommendationResponse> parts = new ArrayList<>();
      int from = 0;
      do {
        int to = Math.min(order.size(), from + 1 + random.nextInt(4));
        parts.add(recommend.apply(
            RecommendationShards.request(counts, order.subList(from, to))));
        from = to;
      } while (from < order.size());
      RecommendationResponse merged =
          RandomPlays.mergeInRandomOrder(random, parts, RecommendationShards::merge);

      assertThat(merged.getTrendingSongsList()).as("trial %d", trial)
          .isEqualTo(whole.getTrendingSongsList());
      assertThat(merged.getRecommendationsMap()).as("trial %d", trial)
          .isEqualTo(whole.getRecommendationsMap());
    }
  }

  @Test
  void shouldSendOnlyTheHeadOfTheRankingThatUsersNeed() {
    PlayCounts.Builder counts = PlayCounts.newBuilder();
    for (int i = 0; i < 100; i++) {
      String artist = i < 3 ? "Drake" : "Artist" + i;
      String key = artist + " - S" + i;
      counts.putPlayCounts(key, 1000 - i)
          .putSongs(key, Song.newBuilder().setArtist(artist).setSongId("S" + i).build());
    }

    List<RankedSong> head = RankingHead.of(counts.build());

    // Three songs by Drake lead: a Drake fan needs five more after them.
    assertThat(head).hasSize(8);
    assertThat(head.get(0).getKey()).isEqualTo("Drake - S0");
    assertThat(head.get(7).getPlays()).isEqualTo(993);
  }

  @Test
  void shouldGiveAHostThatIgnoresTheRankingTheSameTrendingSongs() {
    Random random = new Random(5L);
    for (int trial = 0; trial < 200; trial++) {
      PlayCounts counts = randomCounts(random);
      RecommendationRequest request =
          RecommendationShards.request(counts, randomUsers(random));

      RecommendationResponse withRanking = recommend.apply(request);
      // A host of the old contract does not know field 3 and ranks play_counts.
      RecommendationResponse fromPlayCounts = recommend.apply(request.toBuilder()
          .clearRanking().build());

      assertThat(fromPlayCounts.getTrendingSongsList()).as("trial %d", trial)
          .isEqualTo(withRanking.getTrendingSongsList());
    }
  }

  @Test
  void shouldRejectARankingThatIsOutOfOrder() {
    RecommendationRequest request = RecommendationRequest.newBuilder()
        .addRanking(RankedSong.newBuilder().setKey("A - S1").setArtist("A").setPlays(1))
        .addRanking(RankedSong.newBuilder().setKey("B - S2").setArtist("B").setPlays(5))
        .build();

    assertThatThrownBy(() -> recommend.apply(request))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("ranking[1] is out of order");
  }

  @Test
  void shouldRefuseToMergeAnswersFromDifferentRankings() {
    RecommendationResponse a = RecommendationResponse.newBuilder().addTrendingSongs("x").build();
    RecommendationResponse b = RecommendationResponse.newBuilder().addTrendingSongs("y").build();

    assertThatThrownBy(() -> RecommendationShards.merge(a, b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different rankings");
  }
}
