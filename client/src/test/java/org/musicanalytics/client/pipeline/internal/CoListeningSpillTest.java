package org.musicanalytics.client.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.pipeline.InMemoryListeningPartitions;
import org.musicanalytics.client.pipeline.RandomRecords;
import org.musicanalytics.functions.recommendation.learned.CountCoListening;
import org.musicanalytics.functions.recommendation.learned.SongSimilarity;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.SongNeighbours;

/**
 * {@link CoListeningSpill}: each merge bucket, split from answers made for any number of
 * song buckets, merges to the neighbours of the function's own answers for that bucket.
 */
class CoListeningSpillTest {

  private static final int PARTITIONS = 3;
  /** Low enough that some users' histories are cut. */
  private static final int HISTORY_CAP = 6;

  private static final InMemoryListeningPartitions LISTENING = InMemoryListeningPartitions.of(
      RandomRecords.plays(new Random(21), 2_000, 40, 60), PARTITIONS);

  private static CoListeningCounts answer(int partition, int bucket, int buckets) {
    return new CountCoListening().apply(CoListeningRequest.newBuilder()
        .setListening(LISTENING.partition(partition)).setHistoryCap(HISTORY_CAP)
        .setSongBucket(bucket).setSongBuckets(buckets).build());
  }

  @Test
  void shouldMergeEachBucketToTheNeighboursOfTheFunctionsAnswersForIt() {
    for (int answerBuckets : new int[] {1, 2, 3}) {
      for (int mergeBuckets : new int[] {1, 4, 5}) {
        try (CoListeningSpill spill = new CoListeningSpill(answerBuckets, mergeBuckets)) {
          for (int p = PARTITIONS - 1; p >= 0; p--) {
            for (int f = 0; f < answerBuckets; f++) {
              spill.add(answer(p, f, answerBuckets), f);
            }
          }
          spill.finish();
          long capped = 0;
          long listed = 0;
          for (int m = 0; m < mergeBuckets; m++) {
            SongSimilarity expected = new SongSimilarity();
            for (int p = 0; p < PARTITIONS; p++) {
              expected.add(answer(p, m, mergeBuckets));
            }
            SongNeighbours neighbours = new SongSimilarity().add(spill.bucket(m)).neighbours();
            assertThat(neighbours).as("answers in %d buckets, merge bucket %d of %d",
                answerBuckets, m, mergeBuckets).isEqualTo(expected.neighbours());
            capped = expected.usersCapped();
            listed += spill.entries(m);
          }
          assertThat(spill.usersCapped()).isEqualTo(capped).isPositive();
          assertThat(listed).isPositive();
        }
      }
    }
  }

  @Test
  void shouldRefuseAnAnswerForAnotherBucketOrWeighting() {
    try (CoListeningSpill spill = new CoListeningSpill(2, 4)) {
      assertThatThrownBy(() -> spill.add(answer(0, 1, 2), 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("it answered for song bucket 1 of 2, asked for 0 of 2");
      spill.add(answer(0, 0, 2), 0);
      CoListeningCounts otherCap = answer(1, 0, 2).toBuilder().setHistoryCap(7).build();
      assertThatThrownBy(() -> spill.add(otherCap, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sums made differently do not add up");
      CoListeningCounts outOfRange = answer(1, 0, 2).toBuilder().setPairSecond(0, 1_000)
          .build();
      assertThatThrownBy(() -> spill.add(outOfRange, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("pair 0 names songs ");
    }
  }

  @Test
  void shouldDeleteItsFilesOnClose() {
    CoListeningSpill spill = new CoListeningSpill(1, 8);
    spill.add(answer(0, 0, 1), 0);
    assertThat(spill.directory()).isDirectory();
    spill.close();
    assertThat(Files.exists(spill.directory())).isFalse();
    assertThatThrownBy(() -> spill.add(answer(1, 0, 1), 0))
        .isInstanceOf(IllegalStateException.class);
  }
}
