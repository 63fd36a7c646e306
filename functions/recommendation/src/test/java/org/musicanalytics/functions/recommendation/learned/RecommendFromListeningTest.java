package org.musicanalytics.functions.recommendation.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.A;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.B;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.C;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.D;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.count;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.fourUsers;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.LearnedRecommendations;
import org.musicanalytics.proto.ListenWeighting;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.ListeningScoreRequest;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.ScoredSong;
import org.musicanalytics.proto.SongNeighbours;
import org.musicanalytics.proto.UserRecommendations;

/** {@code recommendFromListening}: scores by hand, fallbacks, ties and order. */
class RecommendFromListeningTest {

  private static final ListenWeighting BINARY = ListenWeighting.LISTEN_WEIGHTING_BINARY;
  private static final ListenWeighting LOG = ListenWeighting.LISTEN_WEIGHTING_LOG_PLAYS;
  /** sim(A, B) = sim(B, C) without shrinkage, as {@link SongSimilarityTest} works it out. */
  private static final double AB = 2 / Math.sqrt(6);
  private static final String E = "D - S5";

  /** The four users' neighbours, binary weights, no shrinkage: A-B, B-C 2/sqrt 6, A-C 1/2. */
  private static SongNeighbours neighbours() {
    return new SongSimilarity().add(count(fourUsers().partition(), BINARY, 0))
        .neighbours(NeighbourSettings.cosine(10, 0));
  }

  /** Plays descending: D 9, C 5, B 4, E 1. */
  private static List<RankedSong> recent() {
    return List.of(ranked(D, 9), ranked(C, 5), ranked(B, 4), ranked(E, 1));
  }

  private static RankedSong ranked(String key, long plays) {
    return RankedSong.newBuilder().setKey(key).setPlays(plays).build();
  }

  private static ListeningScoreRequest.Builder request(ListeningPartition partition) {
    return ListeningScoreRequest.newBuilder().setListening(partition)
        .setNeighbours(SongSimilarity.forPartition(neighbours(), partition))
        .addAllRecentRanking(recent()).setWeighting(BINARY);
  }

  private static UserRecommendations only(LearnedRecommendations answer) {
    assertThat(answer.getUsersCount()).isEqualTo(1);
    return answer.getUsers(0);
  }

  private static List<String> keys(UserRecommendations user) {
    return user.getSongsList().stream().map(ScoredSong::getKey).toList();
  }

  @Test
  void shouldScoreUnplayedSongsBySimilarityToThePlayedOnesByHand() {
    // A and D played: B scores sim(A, B), C sim(A, C) = 1/2; D has no neighbour.
    ListeningPartition partition = new Listening().plays("x", A, 1).plays("x", D, 4)
        .partition();

    UserRecommendations x = only(new RecommendFromListening()
        .apply(request(partition).setTopN(2).build()));

    assertThat(x.getUserId()).isEqualTo("x");
    assertThat(x.getSource()).isEqualTo(RecommendFromListening.ITEM_KNN);
    assertThat(keys(x)).containsExactly(B, C);
    assertThat(x.getSongs(0).getScore()).isCloseTo(AB, within(1e-12));
    assertThat(x.getSongs(1).getScore()).isCloseTo(0.5, within(1e-12));
    assertThat(x.getSongsList()).extracting(ScoredSong::getBecause).containsExactly(A, A);
  }

  @Test
  void shouldWeighEachPlayedSongByItsPlaysInSinglePlays() {
    // Log weights: 1 play weighs 16/16 = 1, 10 plays 53/16. B scores sim(A, B) * 1 +
    // sim(C, B) * 53/16, and C, which contributes more, is the reason.
    ListeningPartition partition = new Listening().plays("z", A, 1).plays("z", C, 10)
        .partition();

    UserRecommendations z = only(new RecommendFromListening()
        .apply(request(partition).setWeighting(LOG).setTopN(1).build()));

    assertThat(keys(z)).containsExactly(B);
    assertThat(z.getSongs(0).getScore()).isCloseTo(AB * 1 + AB * 53 / 16, within(1e-12));
    assertThat(z.getSongs(0).getBecause()).isEqualTo(C);
  }

  @Test
  void shouldBreakTiesOfScoreAndOfReasonByKey() {
    // y played B only: A and C both score sim(B, .) = 2/sqrt 6, A first. w played A and
    // C, once each: B gets 2/sqrt 6 from each, and A, the lower key, is the reason.
    ListeningPartition partition = new Listening().plays("y", B, 2)
        .plays("w", C, 1).plays("w", A, 1).partition();

    LearnedRecommendations answer = new RecommendFromListening()
        .apply(request(partition).setMinHistory(1).setTopN(3).build());

    UserRecommendations w = answer.getUsers(0);
    UserRecommendations y = answer.getUsers(1);
    assertThat(keys(y).subList(0, 2)).containsExactly(A, C);
    assertThat(y.getSongs(0).getScore()).isEqualTo(y.getSongs(1).getScore());
    assertThat(w.getSongs(0).getKey()).isEqualTo(B);
    assertThat(w.getSongs(0).getScore()).isCloseTo(2 * AB, within(1e-12));
    assertThat(w.getSongs(0).getBecause()).isEqualTo(A);
  }

  @Test
  void shouldFillAShortListFromRecentPopularityLeavingOutWhatIsPlayedOrListed() {
    ListeningPartition partition = new Listening().plays("x", A, 1).plays("x", D, 4)
        .partition();

    UserRecommendations x = only(new RecommendFromListening()
        .apply(request(partition).setTopN(3).build()));

    // B and C from neighbours; D played, C and B listed: E, scored 0, with no reason.
    assertThat(x.getSource()).isEqualTo(RecommendFromListening.ITEM_KNN);
    assertThat(keys(x)).containsExactly(B, C, E);
    assertThat(x.getSongs(2).getScore()).isZero();
    assertThat(x.getSongs(2).getBecause()).isEmpty();
  }

  @Test
  void shouldGiveRecentPopularityToUsersWithTooLittleHistory() {
    // v has no plays; s played one song, under the default minimum of two.
    ListeningPartition partition = new Listening().user("v").plays("s", C, 3).partition();

    LearnedRecommendations answer = new RecommendFromListening()
        .apply(request(partition).setTopN(3).build());

    assertThat(RecommendFromListening.DEFAULT_MIN_HISTORY).isEqualTo(2);
    UserRecommendations s = answer.getUsers(0);
    UserRecommendations v = answer.getUsers(1);
    assertThat(v.getUserId()).isEqualTo("v");
    assertThat(v.getSource()).isEqualTo(RecommendFromListening.RECENT_POPULARITY);
    assertThat(keys(v)).containsExactly(D, C, B);
    assertThat(v.getSongsList()).extracting(ScoredSong::getScore).containsExactly(9.0, 5.0,
        4.0);
    assertThat(v.getSongsList()).extracting(ScoredSong::getBecause).containsOnly("");
    assertThat(s.getSource()).isEqualTo(RecommendFromListening.RECENT_POPULARITY);
    assertThat(keys(s)).containsExactly(D, B, E);
  }

  @Test
  void shouldGiveAUserWhoPlayedEverythingNothing() {
    ListeningPartition partition = new Listening().plays("all", A, 1).plays("all", B, 1)
        .plays("all", C, 1).plays("all", D, 1).plays("all", E, 1).partition();

    UserRecommendations all = only(new RecommendFromListening()
        .apply(request(partition).build()));

    assertThat(all.getSongsList()).isEmpty();
    assertThat(all.getSource()).isEqualTo(RecommendFromListening.RECENT_POPULARITY);
  }

  @Test
  void shouldAnswerTenSongsPerUserByIdWithoutATopN() {
    Random random = new Random(5);
    Listening listening = RandomListening.of(random, 80, 50, 15);
    ListeningPartition partition = listening.partition();
    CoListeningCounts counts = count(partition, LOG, 0);
    SongNeighbours neighbours = new SongSimilarity().add(counts).neighbours();
    ListeningScoreRequest request = ListeningScoreRequest.newBuilder().setListening(partition)
        .setNeighbours(SongSimilarity.forPartition(neighbours, partition)).build();

    LearnedRecommendations answer = new RecommendFromListening().apply(request);

    List<String> users = answer.getUsersList().stream().map(UserRecommendations::getUserId)
        .toList();
    List<String> sorted = new ArrayList<>(users);
    sorted.sort(null);
    assertThat(users).hasSize(80).isEqualTo(sorted);
    assertThat(answer.getUsersList()).filteredOn(u -> u.getSource().equals("item-knn"))
        .isNotEmpty().allSatisfy(u -> {
          assertThat(u.getSongsCount()).isBetween(1, RecommendFromListening.DEFAULT_TOP_N);
          for (int i = 1; i < u.getSongsCount(); i++) {
            ScoredSong before = u.getSongs(i - 1);
            ScoredSong after = u.getSongs(i);
            assertThat(before.getScore() > after.getScore()
                || before.getScore() == after.getScore()
                && before.getKey().compareTo(after.getKey()) < 0).as(u.getUserId()).isTrue();
          }
        });
  }

  @Test
  void shouldAnswerTheSameWhateverOrderThePartitionListsItsPlays() {
    Random random = new Random(3);
    Listening listening = RandomListening.of(random, 60, 40, 20);
    ListeningPartition partition = listening.partition();
    SongNeighbours neighbours = new SongSimilarity().add(count(partition, LOG, 0))
        .neighbours(8, 2);
    LearnedRecommendations expected = new RecommendFromListening().apply(
        ListeningScoreRequest.newBuilder().setListening(partition).setNeighbours(neighbours)
            .build()).toBuilder().clearProcessingTime().build();

    for (int i = 0; i < 5; i++) {
      LearnedRecommendations shuffled = new RecommendFromListening().apply(
          ListeningScoreRequest.newBuilder()
              .setListening(RandomListening.shuffle(partition, random))
              .setNeighbours(neighbours).build());

      assertThat(shuffled.toBuilder().clearProcessingTime().build()).isEqualTo(expected);
    }
  }
}
