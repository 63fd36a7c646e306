package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.musicanalytics.functions.recommendation.learned.CountCoListening;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.LearnedRecommendations;
import org.musicanalytics.proto.ListenWeighting;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.ScoredSong;
import org.musicanalytics.proto.UserRecommendations;

/**
 * The module's functions' answers to their event files (and to their {@code -http} twins),
 * worked out by hand from the events. The checks parse the response JSON strictly.
 *
 * <p>{@code events/recommend.json}: play counts of 7 songs (5 with 2 plays, 2 with 1) with
 * their {@code songs} parts, and 5 users' stats; rankings by plays descending, then key
 * ascending. {@code events/countCoListening.json}: 4 users' plays of 4 songs, U001 Adele 3
 * and Drake 1, U002 Adele 1, Drake 2 and Billie Eilish 1, U003 Drake 1 and Billie Eilish 4,
 * U004 Bruno Mars 2. {@code events/recommendFromListening.json}: the same plays, given
 * neighbours and a recent ranking.
 */
final class RecommendationSampleResponses {

  /** The check of each function's sample response, by function definition. */
  static final Map<String, Consumer<byte[]>> BY_DEFINITION =
      Map.of("recommend", RecommendationSampleResponses::assertRecommendations,
          "countCoListening", RecommendationSampleResponses::assertCoListening,
          "recommendFromListening", RecommendationSampleResponses::assertLearned);

  private RecommendationSampleResponses() {}

  static void assertRecommendations(byte[] json) {
    RecommendationResponse response = parse(json, RecommendationResponse.newBuilder());

    assertThat(response.getTrendingSongsList()).containsExactly(
        "Adele - S005", "Billie Eilish - S007", "Bruno Mars - S008", "Drake - S006",
        "Drake - S010");
    assertThat(response.getRecommendationsMap()).containsOnlyKeys(
        "U001", "U002", "U003", "U004", "U005");
    // U001's top artist is Adele: the next five of the ranking.
    assertThat(response.getRecommendationsOrThrow("U001").getValuesList()).containsExactly(
        "Billie Eilish - S007", "Bruno Mars - S008", "Drake - S006", "Drake - S010",
        "Imagine Dragons - S002");
    // U002's is Billie Eilish.
    assertThat(response.getRecommendationsOrThrow("U002").getValuesList()).containsExactly(
        "Adele - S005", "Bruno Mars - S008", "Drake - S006", "Drake - S010",
        "Imagine Dragons - S002");
    // U003's top artist is Drake: both Drake songs are skipped, the 1-play songs fill up.
    assertThat(response.getRecommendationsOrThrow("U003").getValuesList()).containsExactly(
        "Adele - S005", "Billie Eilish - S007", "Bruno Mars - S008",
        "Imagine Dragons - S002", "Taylor Swift - S004");
  }

  static void assertCoListening(byte[] json) {
    CoListeningCounts counts = parse(json, CoListeningCounts.newBuilder());

    // Log weights, round(16 (1 + ln plays)): 1 play 16, 2 plays 27, 3 plays 34, 4 plays 38.
    assertThat(counts.getWeighting()).isEqualTo(ListenWeighting.LISTEN_WEIGHTING_LOG_PLAYS);
    assertThat(counts.getHistoryCap()).isEqualTo(CountCoListening.DEFAULT_HISTORY_CAP);
    assertThat(counts.getSongKeysList()).containsExactly("Adele - S005",
        "Billie Eilish - S007", "Bruno Mars - S008", "Drake - S006");
    assertThat(counts.getSongSquareSumsList()).containsExactly(34L * 34 + 16 * 16,
        16L * 16 + 38 * 38, 27L * 27, 16L * 16 + 27 * 27 + 16 * 16);
    assertThat(counts.getSongUsersList()).containsExactly(2L, 2L, 1L, 3L);
    Map<String, Long> pairs = new TreeMap<>();
    for (int p = 0; p < counts.getPairSumsCount(); p++) {
      pairs.put(counts.getPairFirst(p) + "-" + counts.getPairSecond(p), counts.getPairSums(p));
    }
    // Adele-Billie: U002 16 x 16. Adele-Drake: U001 34 x 16 + U002 16 x 27. Billie-Drake:
    // U002 16 x 27 + U003 38 x 16.
    assertThat(pairs).isEqualTo(Map.of("0-1", 256L, "0-3", 976L, "1-3", 1040L));
    assertThat(counts.getUsersCapped()).isZero();
  }

  static void assertLearned(byte[] json) {
    LearnedRecommendations answer = parse(json, LearnedRecommendations.newBuilder());

    assertThat(answer.getUsersList()).extracting(UserRecommendations::getUserId)
        .containsExactly("U001", "U002", "U003", "U004");
    // U001 played Adele and Drake: Billie Eilish 0.6 from Drake, Taylor Swift 0.25 from
    // Adele, then the first recent song neither played nor listed, scored 0.
    assertSongs(answer.getUsers(0), "item-knn", "Billie Eilish - S007", 0.6, "Drake - S006",
        "Taylor Swift - S004", 0.25, "Adele - S005", "Imagine Dragons - S002", 0.0, "");
    // U002 played Adele, Drake and Billie Eilish: Taylor Swift from Adele; the recent
    // ranking's other unplayed song fills up.
    assertSongs(answer.getUsers(1), "item-knn", "Taylor Swift - S004", 0.25, "Adele - S005",
        "Imagine Dragons - S002", 0.0, "");
    // U003 played Drake and Billie Eilish: Adele 0.5 from Drake.
    assertSongs(answer.getUsers(2), "item-knn", "Adele - S005", 0.5, "Drake - S006",
        "Taylor Swift - S004", 0.0, "", "Imagine Dragons - S002", 0.0, "");
    // U004 played one song, under min_history 2: the recent ranking, scored by its plays.
    assertSongs(answer.getUsers(3), "recent-popularity", "Taylor Swift - S004", 5.0, "",
        "Drake - S006", 4.0, "", "Imagine Dragons - S002", 3.0, "");
  }

  /** Checks a user's source and songs, given as key, score and reason, in order. */
  private static void assertSongs(UserRecommendations user, String source, Object... songs) {
    assertThat(user.getSource()).as(user.getUserId()).isEqualTo(source);
    assertThat(user.getSongsCount()).as(user.getUserId()).isEqualTo(songs.length / 3);
    for (int i = 0; i < user.getSongsCount(); i++) {
      ScoredSong song = user.getSongs(i);
      assertThat(song.getKey()).as(user.getUserId() + " " + i).isEqualTo(songs[3 * i]);
      assertThat(song.getScore()).as(user.getUserId() + " " + i)
          .isCloseTo((Double) songs[3 * i + 1], within(1e-12));
      assertThat(song.getBecause()).as(user.getUserId() + " " + i).isEqualTo(songs[3 * i + 2]);
    }
  }
}
