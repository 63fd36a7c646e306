package org.musicanalytics.functions.recommendation.learned;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.ListeningScoreRequest;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.SongNeighbours;
import org.musicanalytics.proto.UserRecommendations;

/**
 * Rounds 2 and 3 end to end, as a client calls them: the same recommendations for every
 * user whatever the number of partitions, their order, and the song buckets.
 */
class LearnedRoundsTest {

  private static final List<RankedSong> RECENT = List.of(
      RankedSong.newBuilder().setKey("artist0 - S0").setPlays(40).build(),
      RankedSong.newBuilder().setKey("artist1 - S1").setPlays(30).build(),
      RankedSong.newBuilder().setKey("zz - new").setPlays(1).build());

  /** Every user's recommendations, by user id, from {@code partitions} partitions. */
  private static Map<String, UserRecommendations> recommend(Listening listening,
      int partitions, int buckets, Random order) {
    List<ListeningPartition> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      parts.add(RandomListening.shuffle(listening.partition(p, partitions), order));
    }
    List<SongNeighbours> bucketNeighbours = new ArrayList<>();
    for (int bucket = 0; bucket < buckets; bucket++) {
      SongSimilarity merged = new SongSimilarity();
      for (int p = partitions - 1; p >= 0; p--) {
        merged.add(new CountCoListening().apply(CoListeningRequest.newBuilder()
            .setListening(parts.get(p)).setHistoryCap(8).setSongBucket(bucket)
            .setSongBuckets(buckets).build()));
      }
      bucketNeighbours.add(merged.neighbours(6, 2));
    }
    SongNeighbours neighbours = SongSimilarity.union(bucketNeighbours);
    Map<String, UserRecommendations> byUser = new TreeMap<>();
    for (ListeningPartition part : parts) {
      ListeningScoreRequest request = ListeningScoreRequest.newBuilder().setListening(part)
          .setNeighbours(SongSimilarity.forPartition(neighbours, part))
          .addAllRecentRanking(RECENT).build();
      for (UserRecommendations user
          : new RecommendFromListening().apply(request).getUsersList()) {
        byUser.put(user.getUserId(), user);
      }
    }
    return byUser;
  }

  @Test
  void shouldRecommendTheSameWhateverThePartitionsOrderAndBuckets() {
    Random random = new Random(17);
    Listening listening = RandomListening.of(random, 150, 40, 15);
    Map<String, UserRecommendations> expected = recommend(listening, 1, 1, random);
    assertThat(expected).hasSize(150);
    assertThat(expected.values()).filteredOn(u -> u.getSource().equals("item-knn"))
        .hasSizeGreaterThan(50);
    assertThat(expected.values()).filteredOn(u -> u.getSource().equals("recent-popularity"))
        .isNotEmpty();

    for (int[] shape : new int[][] {{2, 1}, {5, 1}, {3, 4}, {7, 2}}) {
      assertThat(recommend(listening, shape[0], shape[1], random))
          .as(shape[0] + " partitions, " + shape[1] + " buckets").isEqualTo(expected);
    }
  }
}
