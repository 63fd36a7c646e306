package org.musicanalytics.functions.recommendation.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.A;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.B;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.C;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.D;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.count;
import static org.musicanalytics.functions.recommendation.learned.CountCoListeningTest.fourUsers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.ListenWeighting;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.SongNeighbours;

/** {@link SongSimilarity}: similarities by hand, and merges in any order. */
class SongSimilarityTest {

  private static final ListenWeighting BINARY = ListenWeighting.LISTEN_WEIGHTING_BINARY;

  private static final Comparator<Double> CLOSE =
      (x, y) -> Math.abs(x - y) < 1e-12 ? 0 : Double.compare(x, y);

  /** The neighbours as "song>neighbour", in the answer's order. */
  static List<String> entries(SongNeighbours neighbours) {
    List<String> entries = new ArrayList<>();
    for (int e = 0; e < neighbours.getSongIndexCount(); e++) {
      entries.add(neighbours.getSongKeys(neighbours.getSongIndex(e)) + ">"
          + neighbours.getSongKeys(neighbours.getNeighbourIndex(e)));
    }
    return entries;
  }

  @Test
  void shouldComputeCosineWithoutShrinkageByHand() {
    SongNeighbours neighbours = new SongSimilarity()
        .add(count(fourUsers().partition(), BINARY, 0))
        .neighbours(NeighbourSettings.cosine(10, 0));

    // D has no co-listener, so it has no neighbour and is no one's.
    assertThat(neighbours.getSongKeysList()).containsExactly(A, B, C);
    // A: B 2/sqrt(2*3), C 1/sqrt(2*2). B: A and C tie at 2/sqrt(3*2), by key. C: B, A.
    assertThat(entries(neighbours)).containsExactly(A + ">" + B, A + ">" + C,
        B + ">" + A, B + ">" + C, C + ">" + B, C + ">" + A);
    double ab = 2 / Math.sqrt(6);
    assertThat(neighbours.getSimilarityList()).usingElementComparator(
        (x, y) -> Math.abs(x - y) < 1e-12 ? 0 : Double.compare(x, y))
        .containsExactly(ab, 0.5, ab, ab, ab, 0.5);
  }

  @Test
  void shouldShrinkSimilaritiesInSinglePlayListenersWhateverTheWeighting() {
    SongNeighbours binary = new SongSimilarity()
        .add(count(fourUsers().partition(), BINARY, 0))
        .neighbours(NeighbourSettings.cosine(10, 1));
    // Log weights of single plays are 16 each: the same cosines, and shrinkage 1 listener
    // is 16^2 in their units, so the similarities are the binary ones.
    SongNeighbours log = new SongSimilarity()
        .add(count(fourUsers().partition(), ListenWeighting.LISTEN_WEIGHTING_LOG_PLAYS, 0))
        .neighbours(NeighbourSettings.cosine(10, 1));

    // A: B 2/(sqrt(6) + 1), C 1/(2 + 1).
    assertThat(binary.getSimilarity(0)).isCloseTo(2 / (Math.sqrt(6) + 1), within(1e-12));
    assertThat(binary.getSimilarity(1)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(entries(log)).isEqualTo(entries(binary));
    for (int e = 0; e < binary.getSimilarityCount(); e++) {
      assertThat(log.getSimilarity(e)).isCloseTo(binary.getSimilarity(e), within(1e-12));
    }
  }

  @Test
  void shouldFavourWidelyHeardCandidatesSharpenAndNormaliseRowsByHand() {
    // Binary: sq(A) = 2, sq(B) = 3, sq(C) = 2; pairs A-B 2, A-C 1, B-C 2. Asymmetry 1 puts
    // only the played song's square sum in the denominator: A: B 2/2, C 1/2; B: A and C
    // 2/3; C: B 2/2, A 1/2. Locality 2 squares them: A: B 1, C 1/4; B: 4/9 each.
    SongNeighbours sharpened = new SongSimilarity()
        .add(count(fourUsers().partition(), BINARY, 0))
        .neighbours(new NeighbourSettings(10, 0, 1, 2, false));
    // Normalised, each row sums to 1: A: B 1/(5/4) = 4/5, C 1/5; B: 1/2 each; C as A.
    SongNeighbours normalised = new SongSimilarity()
        .add(count(fourUsers().partition(), BINARY, 0))
        .neighbours(new NeighbourSettings(10, 0, 1, 2, true));

    assertThat(entries(sharpened)).containsExactly(A + ">" + B, A + ">" + C,
        B + ">" + A, B + ">" + C, C + ">" + B, C + ">" + A);
    assertThat(sharpened.getSimilarityList()).usingElementComparator(CLOSE)
        .containsExactly(1.0, 0.25, 4.0 / 9, 4.0 / 9, 1.0, 0.25);
    assertThat(entries(normalised)).isEqualTo(entries(sharpened));
    assertThat(normalised.getSimilarityList()).usingElementComparator(CLOSE)
        .containsExactly(0.8, 0.2, 0.5, 0.5, 0.8, 0.2);
  }

  @Test
  void shouldUseTheChosenSettingsByDefault() {
    // Asymmetry 3/4, locality 2, shrinkage 10: A to B is (2 / (2^(3/4) 3^(1/4) + 10))^2,
    // A to C (1 / (2 + 10))^2; normalised, B's share is ab / (ab + ac).
    SongNeighbours neighbours = new SongSimilarity()
        .add(count(fourUsers().partition(), BINARY, 0)).neighbours();
    double ab = Math.pow(2 / (Math.pow(2, 0.75) * Math.pow(3, 0.25) + 10), 2);
    double ac = Math.pow(1.0 / 12, 2);

    assertThat(NeighbourSettings.DEFAULT).isEqualTo(new NeighbourSettings(50, 10, 0.75, 2,
        true));
    assertThat(entries(neighbours).subList(0, 2)).containsExactly(A + ">" + B, A + ">" + C);
    assertThat(neighbours.getSimilarity(0)).isCloseTo(ab / (ab + ac), within(1e-12));
    assertThat(neighbours.getSimilarity(1)).isCloseTo(ac / (ab + ac), within(1e-12));
  }

  @Test
  void shouldKeepTheTopKNeighboursTiesByKey() {
    SongNeighbours neighbours = new SongSimilarity()
        .add(count(fourUsers().partition(), BINARY, 0))
        .neighbours(NeighbourSettings.cosine(1, 0));

    // B's neighbours A and C tie: A, the lower key, is kept.
    assertThat(entries(neighbours)).containsExactly(A + ">" + B, B + ">" + A, C + ">" + B);
  }

  @Test
  void shouldGiveTheSameNeighboursWhateverThePartitionsAndTheirOrder() {
    Random random = new Random(11);
    Listening listening = RandomListening.of(random, 300, 60, 25);
    SongNeighbours whole = new SongSimilarity()
        .add(count(listening.partition(), ListenWeighting.LISTEN_WEIGHTING_DEFAULT, 10))
        .neighbours(5, 3);
    assertThat(whole.getSongIndexCount()).isGreaterThan(100);

    for (int partitions : new int[] {2, 3, 7}) {
      List<CoListeningCounts> counts = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        counts.add(count(RandomListening.shuffle(listening.partition(p, partitions), random),
            ListenWeighting.LISTEN_WEIGHTING_DEFAULT, 10));
      }
      for (int order = 0; order < 3; order++) {
        Collections.shuffle(counts, random);
        SongSimilarity merged = new SongSimilarity();
        counts.forEach(merged::add);

        assertThat(merged.neighbours(5, 3)).as(partitions + " partitions").isEqualTo(whole);
        assertThat(merged.partitionsAdded()).isEqualTo(partitions);
      }
    }
  }

  @Test
  void shouldGiveTheSameNeighboursMergedBucketByBucket() {
    Random random = new Random(13);
    Listening listening = RandomListening.of(random, 200, 50, 20);
    SongNeighbours whole = new SongSimilarity()
        .add(count(listening.partition(), ListenWeighting.LISTEN_WEIGHTING_DEFAULT, 0))
        .neighbours(4, 2);
    int wholePairs = count(listening.partition(), ListenWeighting.LISTEN_WEIGHTING_DEFAULT, 0)
        .getPairSumsCount();

    int buckets = 3;
    List<SongNeighbours> parts = new ArrayList<>();
    for (int bucket = buckets - 1; bucket >= 0; bucket--) {
      SongSimilarity merged = new SongSimilarity();
      for (int p = 0; p < 4; p++) {
        CoListeningCounts counts = new CountCoListening().apply(CoListeningRequest.newBuilder()
            .setListening(listening.partition(p, 4)).setSongBucket(bucket)
            .setSongBuckets(buckets).build());
        assertThat(counts.getSongBucket()).isEqualTo(bucket);
        assertThat(counts.getSongBuckets()).isEqualTo(buckets);
        assertThat(counts.getPairSumsCount()).isLessThan(wholePairs);
        merged.add(counts);
      }
      parts.add(merged.neighbours(4, 2));
    }

    assertThat(SongSimilarity.union(parts)).isEqualTo(whole);
    assertThatThrownBy(() -> SongSimilarity.union(List.of(whole, parts.get(0))))
        .hasMessageContaining("are listed twice");
  }

  @Test
  void shouldRefuseToMergeCountsOfAnotherBucket() {
    CoListeningRequest request = CoListeningRequest.newBuilder()
        .setListening(fourUsers().partition()).setSongBuckets(2).build();
    SongSimilarity merged = new SongSimilarity()
        .add(new CountCoListening().apply(request));

    assertThatThrownBy(() -> merged.add(new CountCoListening().apply(
        request.toBuilder().setSongBucket(1).build())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("song_bucket is 1 of 2, but the counts added before are of bucket 0 of 2;"
            + " merge one bucket at a time");
    assertThatThrownBy(() -> new CountCoListening().apply(
        request.toBuilder().setSongBucket(2).build()))
        .hasMessage("song_bucket must be below song_buckets (2), was 2");
  }

  @Test
  void shouldCountTheCappedUsersOfEveryPartition() {
    Listening listening = new Listening()
        .plays("u1", A, 1).plays("u1", B, 1).plays("u1", C, 1)
        .plays("u2", A, 1).plays("u2", B, 1).plays("u2", C, 1).plays("u2", D, 1);
    SongSimilarity merged = new SongSimilarity();
    for (int p = 0; p < 2; p++) {
      merged.add(count(listening.partition(p, 2), BINARY, 2));
    }

    assertThat(merged.usersCapped()).isEqualTo(2);
    assertThat(merged.weighting()).isEqualTo(BINARY);
  }

  @Test
  void shouldCutTheNeighboursToThePartitionsSongs() {
    SongNeighbours all = new SongSimilarity()
        .add(count(fourUsers().partition(), BINARY, 0)).neighbours(10, 0);
    ListeningPartition onlyC = new Listening().plays("u9", C, 3).plays("u9", D, 1).partition();

    SongNeighbours cut = SongSimilarity.forPartition(all, onlyC);

    assertThat(cut.getSongKeysList()).containsExactly(A, B, C);
    assertThat(entries(cut)).containsExactly(C + ">" + B, C + ">" + A);
    assertThat(cut.getSimilarityList()).containsExactly(all.getSimilarity(4),
        all.getSimilarity(5));
    assertThat(SongSimilarity.forSongs(all, List.of(D)))
        .isEqualTo(SongNeighbours.getDefaultInstance());
  }

  @Test
  void shouldRefuseToAddCountsMadeWithAnotherWeightingOrCap() {
    SongSimilarity merged = new SongSimilarity().add(count(fourUsers().partition(), BINARY, 0));

    assertThatThrownBy(() -> merged.add(count(fourUsers().partition(),
        ListenWeighting.LISTEN_WEIGHTING_LOG_PLAYS, 0)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("LISTEN_WEIGHTING_LOG_PLAYS")
        .hasMessageContaining("do not add up");
    assertThatThrownBy(() -> merged.add(count(fourUsers().partition(), BINARY, 3)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("history cap 3");
  }

  @Test
  void shouldRefuseMalformedCountsNamingTheField() {
    CoListeningCounts good = count(fourUsers().partition(), BINARY, 0);
    SongSimilarity merged = new SongSimilarity();

    assertThatThrownBy(() -> merged.add(good.toBuilder().addPairFirst(0).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("pair_second has 3 elements, but pair_first has 4; they must be aligned");
    assertThatThrownBy(() -> merged.add(good.toBuilder().setPairFirst(0, 9).build()))
        .hasMessage("pair_first[0] is 9, out of range for 4 entries");
    assertThatThrownBy(() -> merged.add(good.toBuilder()
        .setPairFirst(0, good.getPairSecond(0)).build()))
        .hasMessageStartingWith("pair_second[0] must be above pair_first");
    assertThatThrownBy(() -> merged.add(good.toBuilder().setPairSums(1, -4).build()))
        .hasMessage("pair_sums[1] must be positive, was -4");
    assertThatThrownBy(() -> merged.add(good.toBuilder().setSongKeys(3, A).build()))
        .hasMessage("song_keys[3] repeats '" + A + "' (listed first at 0)");
    // Nothing of the refused counts was added.
    assertThat(merged.songCount()).isZero();
    assertThat(merged.add(good).neighbours(10, 0).getSongKeysList()).containsExactly(A, B, C);
  }

  @Test
  void shouldRefuseSettingsThatMeanNothing() {
    SongSimilarity merged = new SongSimilarity();

    assertThatThrownBy(() -> merged.neighbours(0, 1)).hasMessageContaining("k must be");
    assertThatThrownBy(() -> merged.neighbours(5, -1)).hasMessageContaining("shrinkage");
    assertThatThrownBy(() -> merged.neighbours(5, Double.NaN))
        .hasMessageContaining("shrinkage");
    assertThatThrownBy(() -> new NeighbourSettings(5, 1, 1.5, 1, true))
        .hasMessageContaining("asymmetry");
    assertThatThrownBy(() -> new NeighbourSettings(5, 1, Double.NaN, 1, true))
        .hasMessageContaining("asymmetry");
    assertThatThrownBy(() -> new NeighbourSettings(5, 1, 0.5, 0, true))
        .hasMessageContaining("locality");
    assertThatThrownBy(() -> new NeighbourSettings(5, 1, 0.5, Double.POSITIVE_INFINITY, true))
        .hasMessageContaining("locality");
    assertThat(merged.neighbours()).isEqualTo(SongNeighbours.getDefaultInstance());
  }
}
