package org.musicanalytics.functions.recommendation.learned;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.musicanalytics.counting.internal.LongLongCounts;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.recommendation.learned.internal.Fields;
import org.musicanalytics.functions.recommendation.learned.internal.Ranks;
import org.musicanalytics.functions.recommendation.learned.internal.TopK;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.ListenWeighting;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.SongNeighbours;

/**
 * The merge between rounds 2 and 3 of the learned recommender: adds up the
 * {@link CountCoListening} answers of every partition, then keeps each song's top
 * neighbours by a cosine with shrinkage, asymmetric and sharpened as
 * {@link NeighbourSettings} says.
 *
 * <p>The similarity of a played song {@code i} to a candidate {@code j} is
 * {@code (pair(i, j) / (sq(i)^a * sq(j)^(1 - a) + shrinkage * unit^2))^q}, with the
 * shrinkage in single plays ({@link ListenWeights#unit}) and the asymmetry {@code a} and
 * locality {@code q} of {@link NeighbourSettings}; with {@code a = 1/2} and {@code q = 1} it
 * is the cosine with shrinkage. Each song keeps its top neighbours by similarity
 * descending, then key ascending, and by default its row is scaled to sum to 1. Sums are
 * exact integers and each similarity is computed from them alone, so the neighbours are the
 * same, to the bit, whatever order partitions are added in.
 *
 * <p>Memory holds one entry per song and one per pair of songs some user co-listened; it
 * does not grow with the number of partitions added. To hold fewer pairs, add the counts of
 * one {@linkplain CountCoListening#songBucket song bucket} (every partition's answer for that
 * bucket): the neighbours are then those of the bucket's songs, and {@link #union} joins the
 * buckets' neighbours. Not thread-safe.
 */
public final class SongSimilarity {

  /** Neighbours kept per song by default: {@link NeighbourSettings#DEFAULT}'s. */
  public static final int DEFAULT_NEIGHBOURS = NeighbourSettings.DEFAULT_NEIGHBOURS;

  /** The shrinkage by default, in single-play listeners: {@link NeighbourSettings#DEFAULT}'s. */
  public static final double DEFAULT_SHRINKAGE = NeighbourSettings.DEFAULT_SHRINKAGE;

  private final Map<String, Integer> songIndex = new HashMap<>();
  private final List<String> songKeys = new ArrayList<>();
  private long[] squareSums = new long[16];
  private long[] songUsers = new long[16];
  private final LongLongCounts pairs = new LongLongCounts();
  private ListenWeighting weighting;
  private int historyCap;
  private int songBucket;
  private int songBuckets = 1;
  private long usersCapped;
  private int partitionsAdded;

  /**
   * Adds one partition's sums.
   *
   * @return this
   * @throws InvalidRequestException naming the field at fault, if the counts are not well
   *     formed (arrays not aligned, an index out of range, a pair not ordered, a sum not
   *     positive) or were made with another weighting or history cap than those added before
   */
  public SongSimilarity add(CoListeningCounts counts) {
    ListenWeighting resolved = CountCoListening.weighting(counts.getWeighting(), "weighting");
    int cap = CountCoListening.historyCap(counts.getHistoryCap());
    int buckets = CountCoListening.songBuckets(counts.getSongBuckets());
    int bucket = CountCoListening.songBucketOf(counts.getSongBucket(), buckets);
    if (partitionsAdded > 0 && (resolved != weighting || cap != historyCap)) {
      throw new InvalidRequestException("weighting", "is " + resolved + " with history cap "
          + cap + ", but the counts added before are " + weighting + " with history cap "
          + historyCap + "; sums made differently do not add up");
    }
    if (partitionsAdded > 0 && (bucket != songBucket || buckets != songBuckets)) {
      throw new InvalidRequestException("song_bucket", "is " + bucket + " of " + buckets
          + ", but the counts added before are of bucket " + songBucket + " of " + songBuckets
          + "; merge one bucket at a time");
    }
    int songs = counts.getSongKeysCount();
    Fields.distinct(counts.getSongKeysList(), "song_keys");
    Fields.aligned("song_square_sums", counts.getSongSquareSumsCount(), "song_keys", songs);
    Fields.aligned("song_users", counts.getSongUsersCount(), "song_keys", songs);
    int pairCount = counts.getPairFirstCount();
    Fields.aligned("pair_second", counts.getPairSecondCount(), "pair_first", pairCount);
    Fields.aligned("pair_sums", counts.getPairSumsCount(), "pair_first", pairCount);
    for (int s = 0; s < songs; s++) {
      positive(counts.getSongSquareSums(s), "song_square_sums", s);
      positive(counts.getSongUsers(s), "song_users", s);
    }
    for (int p = 0; p < pairCount; p++) {
      int first = Fields.index(counts.getPairFirst(p), songs, "pair_first", p);
      int second = Fields.index(counts.getPairSecond(p), songs, "pair_second", p);
      if (first >= second) {
        throw new InvalidRequestException("pair_second[" + p + "]",
            "must be above pair_first (" + first + "), was " + second);
      }
      positive(counts.getPairSums(p), "pair_sums", p);
    }

    weighting = resolved;
    historyCap = cap;
    songBucket = bucket;
    songBuckets = buckets;
    int[] global = new int[songs];
    for (int s = 0; s < songs; s++) {
      int song = globalIndex(counts.getSongKeys(s));
      global[s] = song;
      squareSums[song] = Math.addExact(squareSums[song], counts.getSongSquareSums(s));
      songUsers[song] = Math.addExact(songUsers[song], counts.getSongUsers(s));
    }
    for (int p = 0; p < pairCount; p++) {
      int a = global[counts.getPairFirst(p)];
      int b = global[counts.getPairSecond(p)];
      pairs.add(LongLongCounts.key(Math.min(a, b), Math.max(a, b)), counts.getPairSums(p));
    }
    usersCapped = Math.addExact(usersCapped, counts.getUsersCapped());
    partitionsAdded++;
    return this;
  }

  private static void positive(long value, String field, int at) {
    if (value <= 0) {
      throw new InvalidRequestException(field + "[" + at + "]",
          "must be positive, was " + value);
    }
  }

  private int globalIndex(String key) {
    Integer known = songIndex.get(key);
    if (known != null) {
      return known;
    }
    int song = songKeys.size();
    songIndex.put(key, song);
    songKeys.add(key);
    if (song == squareSums.length) {
      squareSums = Arrays.copyOf(squareSums, song * 2);
      songUsers = Arrays.copyOf(songUsers, song * 2);
    }
    return song;
  }

  /** How many songs the added counts name. */
  public int songCount() {
    return songKeys.size();
  }

  /** How many partitions were added. */
  public int partitionsAdded() {
    return partitionsAdded;
  }

  /** The users, over every partition added, whose history was cut to the cap. */
  public long usersCapped() {
    return usersCapped;
  }

  /**
   * The weighting of the counts added, or {@link ListenWeights#DEFAULT} before any: round 3
   * weighs plays the same way.
   */
  public ListenWeighting weighting() {
    return weighting == null ? ListenWeights.DEFAULT : weighting;
  }

  /** {@link #neighbours(NeighbourSettings)} with {@link NeighbourSettings#DEFAULT}. */
  public SongNeighbours neighbours() {
    return neighbours(NeighbourSettings.DEFAULT);
  }

  /**
   * {@link #neighbours(NeighbourSettings)} with {@link NeighbourSettings#DEFAULT}'s
   * asymmetry, locality and normalisation, {@code k} neighbours and {@code shrinkage}.
   *
   * @throws IllegalArgumentException if {@code k} is below 1 or the shrinkage negative or not
   *     finite
   */
  public SongNeighbours neighbours(int k, double shrinkage) {
    return neighbours(NeighbourSettings.DEFAULT.with(k, shrinkage));
  }

  /**
   * Each song's top neighbours: songs by key ascending, each song's neighbours by
   * similarity descending, then key ascending. Songs co-listened with no other are left out.
   */
  public SongNeighbours neighbours(NeighbourSettings settings) {
    int songs = songKeys.size();
    int[] rank = Ranks.of(songKeys);
    double unit = ListenWeights.unit(weighting());
    double shrink = settings.shrinkage() * unit * unit;
    double asymmetry = settings.asymmetry();
    double locality = settings.locality();
    // Each song's square sum raised to its share as the played song and as the candidate.
    double[] asPlayed = new double[songs];
    double[] asCandidate = new double[songs];
    for (int s = 0; s < songs; s++) {
      asPlayed[s] = StrictMath.pow(squareSums[s], asymmetry);
      asCandidate[s] = StrictMath.pow(squareSums[s], 1 - asymmetry);
    }
    boolean[] inBucket = new boolean[songs];
    for (int s = 0; s < songs; s++) {
      inBucket[s] = CountCoListening.songBucket(songKeys.get(s), songBuckets) == songBucket;
    }
    TopK top = new TopK(songs, settings.neighbours(), rank);
    pairs.forEach((key, sum) -> {
      int a = LongLongCounts.first(key);
      int b = LongLongCounts.second(key);
      if (inBucket[a]) {
        top.offer(a, b, similarity(sum, asPlayed[a], asCandidate[b], shrink, locality));
      }
      if (inBucket[b]) {
        top.offer(b, a, similarity(sum, asPlayed[b], asCandidate[a], shrink, locality));
      }
    });

    int[] byRank = new int[songs];
    for (int s = 0; s < songs; s++) {
      byRank[rank[s]] = s;
    }
    // Each song's neighbours, best first, from position rowStart[song].
    int[] rowStart = new int[songs + 1];
    for (int s = 0; s < songs; s++) {
      rowStart[s + 1] = rowStart[s] + top.size(s);
    }
    int[] neighbours = new int[rowStart[songs]];
    double[] similarities = new double[rowStart[songs]];
    boolean[] listed = new boolean[songs];
    for (int s = 0; s < songs; s++) {
      top.drain(s, neighbours, similarities, rowStart[s]);
      if (rowStart[s + 1] > rowStart[s]) {
        listed[s] = true;
      }
      if (settings.normalised()) {
        normalise(similarities, rowStart[s], rowStart[s + 1]);
      }
    }
    for (int n : neighbours) {
      listed[n] = true;
    }
    int[] position = new int[songs];
    SongNeighbours.Builder answer = SongNeighbours.newBuilder();
    for (int r = 0; r < songs; r++) {
      int song = byRank[r];
      if (listed[song]) {
        position[song] = answer.getSongKeysCount();
        answer.addSongKeys(songKeys.get(song));
      }
    }
    for (int r = 0; r < songs; r++) {
      int song = byRank[r];
      for (int e = rowStart[song]; e < rowStart[song + 1]; e++) {
        answer.addSongIndex(position[song]).addNeighbourIndex(position[neighbours[e]])
            .addSimilarity(similarities[e]);
      }
    }
    return answer.build();
  }

  /**
   * The neighbours of every song listed in {@code parts}: the buckets' neighbours joined
   * into one, as {@link #neighbours} would give for all songs at once.
   *
   * @throws IllegalArgumentException if a song's neighbours are listed twice (in two parts,
   *     or apart in one)
   */
  public static SongNeighbours union(Collection<SongNeighbours> parts) {
    List<String> keys = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (SongNeighbours part : parts) {
      for (String key : part.getSongKeysList()) {
        if (seen.add(key)) {
          keys.add(key);
        }
      }
    }
    keys.sort(null);
    Map<String, Integer> position = new HashMap<>(keys.size() * 2);
    for (int i = 0; i < keys.size(); i++) {
      position.put(keys.get(i), i);
    }
    // Each song's row: the part it comes from and where it starts and ends there.
    int[][] rows = new int[keys.size()][];
    List<SongNeighbours> listedParts = List.copyOf(parts);
    for (int p = 0; p < listedParts.size(); p++) {
      SongNeighbours part = listedParts.get(p);
      int e = 0;
      while (e < part.getSongIndexCount()) {
        int song = part.getSongIndex(e);
        int end = e;
        while (end < part.getSongIndexCount() && part.getSongIndex(end) == song) {
          end++;
        }
        int at = position.get(part.getSongKeys(song));
        if (rows[at] != null) {
          throw new IllegalArgumentException("the neighbours of the song '"
              + part.getSongKeys(song) + "' are listed twice; join the neighbours of distinct"
              + " buckets");
        }
        rows[at] = new int[] {p, e, end};
        e = end;
      }
    }
    SongNeighbours.Builder joined = SongNeighbours.newBuilder().addAllSongKeys(keys);
    for (int at = 0; at < rows.length; at++) {
      if (rows[at] == null) {
        continue;
      }
      SongNeighbours part = listedParts.get(rows[at][0]);
      for (int e = rows[at][1]; e < rows[at][2]; e++) {
        joined.addSongIndex(at)
            .addNeighbourIndex(position.get(part.getSongKeys(part.getNeighbourIndex(e))))
            .addSimilarity(part.getSimilarity(e));
      }
    }
    return joined.build();
  }

  /**
   * The similarity of a played song to a candidate:
   * {@code (pairSum / (asPlayed * asCandidate + shrink))^locality}, with {@code asPlayed}
   * and {@code asCandidate} their square sums raised to the asymmetry and to 1 minus it, and
   * the shrinkage in weight units squared.
   */
  static double similarity(long pairSum, double asPlayed, double asCandidate, double shrink,
      double locality) {
    double ratio = pairSum / (asPlayed * asCandidate + shrink);
    // The default locality 2 is a product, exact and cheaper than a power.
    return locality == 1 ? ratio : locality == 2 ? ratio * ratio
        : StrictMath.pow(ratio, locality);
  }

  /** Scales one song's similarities, best first, to sum to 1. */
  private static void normalise(double[] similarities, int from, int to) {
    double sum = 0;
    for (int e = from; e < to; e++) {
      sum += similarities[e];
    }
    // A row of zeros (pairs whose similarity underflowed) is left as it is.
    if (sum > 0) {
      for (int e = from; e < to; e++) {
        similarities[e] /= sum;
      }
    }
  }

  /**
   * The neighbours of the songs one partition's users played: what its round 3 request
   * needs.
   */
  public static SongNeighbours forPartition(SongNeighbours neighbours,
      ListeningPartition partition) {
    return forSongs(neighbours, partition.getSongKeysList());
  }

  /**
   * The entries of {@code neighbours} whose song is one of {@code songKeys}, with only the
   * keys they name, in the same order.
   */
  public static SongNeighbours forSongs(SongNeighbours neighbours,
      Collection<String> songKeys) {
    Set<String> wanted = new HashSet<>(songKeys);
    int keys = neighbours.getSongKeysCount();
    boolean[] kept = new boolean[keys];
    List<Integer> entries = new ArrayList<>();
    for (int e = 0; e < neighbours.getSongIndexCount(); e++) {
      int song = neighbours.getSongIndex(e);
      if (wanted.contains(neighbours.getSongKeys(song))) {
        entries.add(e);
        kept[song] = true;
        kept[neighbours.getNeighbourIndex(e)] = true;
      }
    }
    int[] position = new int[keys];
    SongNeighbours.Builder cut = SongNeighbours.newBuilder();
    for (int s = 0; s < keys; s++) {
      if (kept[s]) {
        position[s] = cut.getSongKeysCount();
        cut.addSongKeys(neighbours.getSongKeys(s));
      }
    }
    for (int e : entries) {
      cut.addSongIndex(position[neighbours.getSongIndex(e)])
          .addNeighbourIndex(position[neighbours.getNeighbourIndex(e)])
          .addSimilarity(neighbours.getSimilarity(e));
    }
    return cut.build();
  }
}
