package org.musicanalytics.client.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.pipeline.InMemoryListeningPartitions;
import org.musicanalytics.client.pipeline.RandomRecords;
import org.musicanalytics.functions.recommendation.learned.CountCoListening;
import org.musicanalytics.functions.recommendation.learned.SongSimilarity;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.SongNeighbours;

/** {@link NeighbourRows}: the buckets' neighbours joined as {@code SongSimilarity.union}. */
class NeighbourRowsTest {

  @Test
  void shouldJoinTheBucketsNeighboursAsUnionDoes() {
    InMemoryListeningPartitions listening = InMemoryListeningPartitions.of(
        RandomRecords.plays(new Random(8), 1_500, 30, 50), 2);
    int buckets = 3;
    try (CoListeningSpill spill = new CoListeningSpill(1, buckets)) {
      for (int p = 0; p < 2; p++) {
        spill.add(new CountCoListening().apply(CoListeningRequest.newBuilder()
            .setListening(listening.partition(p)).build()), 0);
      }
      spill.finish();
      NeighbourRows rows = new NeighbourRows(spill);
      List<SongNeighbours> parts = new ArrayList<>();
      for (int m = buckets - 1; m >= 0; m--) {
        SongNeighbours part = new SongSimilarity().add(spill.bucket(m)).neighbours(3, 1);
        parts.add(part);
        rows.add(part);
      }
      SongNeighbours joined = rows.joined();
      assertThat(joined.getSongIndexCount()).isPositive();
      assertThat(joined).isEqualTo(SongSimilarity.union(parts));
      assertThatThrownBy(() -> rows.add(parts.get(0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageEndingWith("are listed twice; join the neighbours of distinct buckets");
    }
  }
}
