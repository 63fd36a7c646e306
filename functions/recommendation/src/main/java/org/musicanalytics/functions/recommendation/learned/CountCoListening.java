package org.musicanalytics.functions.recommendation.learned;

import java.util.Arrays;
import java.util.function.Function;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.functions.recommendation.learned.internal.Fields;
import org.musicanalytics.functions.recommendation.learned.internal.ListeningIndex;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.ListenWeighting;

/**
 * {@code countCoListening}, round 2 of the learned recommender: the co-listening sums of one
 * partition of users.
 *
 * <p>Each user's history is cut to their {@code history_cap} most played songs (plays
 * descending, then key ascending); each kept song weighs {@link ListenWeights#weight} of its
 * plays. Per song the answer sums its users' squared weights and counts its users, and per
 * pair of songs a user kept it sums the products of the user's two weights. Every sum is an
 * integer, so {@link SongSimilarity} adds partitions' answers exactly, in any order.
 *
 * <p>The answer is canonical: songs by key ascending (only those some user kept), pairs by
 * first song, then second song, whatever order the request lists its plays in.
 *
 * <p>A user's pairs grow with the square of the kept history, and so do the answer and the
 * merge. A request may ask for the pairs of one {@linkplain #songBucket song bucket} only:
 * the client then calls each partition once per bucket, and merges bucket by bucket, each
 * holding a fraction of the pairs.
 */
public final class CountCoListening implements Function<CoListeningRequest, CoListeningCounts> {

  /**
   * The history cap when the request gives none: a user's 50 most played songs. A user's
   * pairs grow with the square of the kept history (50 songs make 1,225 pairs, 200 make
   * 19,900), so the cap bounds one user's work and what the partition's answer holds; a
   * user's least played songs say the least about their taste. On {@code generate --taste}
   * listening caps of 50, 100 and 200 scored the same within the evaluation's noise
   * ({@code bench/results-evaluate-settings.md}), while on listening where most users play
   * hundreds of distinct songs 200 cost several times the time and memory
   * ({@code bench/results-knn-rounds.md}).
   */
  public static final int DEFAULT_HISTORY_CAP = 50;

  /**
   * The largest history cap a request may ask for: 1,000 songs make half a million pairs
   * per user, which one call still sums promptly; an unbounded cap would let one user with a
   * huge history make a call quadratic in it.
   */
  public static final int MAX_HISTORY_CAP = 1_000;

  /**
   * The most song buckets a request may ask for: each bucket is one call per partition, and
   * beyond this many the calls cost more than the memory they save.
   */
  public static final int MAX_SONG_BUCKETS = 1_024;

  /**
   * A song's bucket among {@code buckets}: its key's {@link String#hashCode}, which the Java
   * language specifies, modulo {@code buckets}, so every client and function agrees.
   */
  public static int songBucket(String songKey, int buckets) {
    return Math.floorMod(songKey.hashCode(), buckets);
  }

  @Override
  public CoListeningCounts apply(CoListeningRequest request) {
    StageClock clock = StageClock.start();
    int cap = historyCap(request.getHistoryCap());
    ListenWeighting weighting = weighting(request.getWeighting(), "weighting");
    int buckets = songBuckets(request.getSongBuckets());
    int bucket = songBucketOf(request.getSongBucket(), buckets);
    ListeningIndex index = ListeningIndex.of(request.getListening(), "listening");
    boolean[] inBucket = new boolean[index.songCount()];
    for (int song = 0; song < inBucket.length; song++) {
      inBucket[song] = songBucket(index.songKey(song), buckets) == bucket;
    }

    int songs = index.songCount();
    long[] squareSums = new long[songs];
    long[] users = new long[songs];
    long usersCapped = 0;
    // Each user's kept songs (by song ascending) and their weights, one user after another.
    int[] keptStart = new int[index.userCount() + 1];
    int[] keptSong = new int[index.entryCount()];
    long[] keptWeight = new long[keptSong.length];
    int[] kept = new int[Math.min(cap, maxHistory(index))];
    int total = 0;
    for (int user = 0; user < index.userCount(); user++) {
      int count = keptHistory(index, user, cap, kept);
      if (count < index.end(user) - index.start(user)) {
        usersCapped++;
      }
      for (int a = 0; a < count; a++) {
        int song = index.song(kept[a]);
        long weight = ListenWeights.weight(weighting, index.plays(kept[a]));
        keptSong[total] = song;
        keptWeight[total++] = weight;
        squareSums[song] = Math.addExact(squareSums[song], weight * weight);
        users[song]++;
      }
      keptStart[user + 1] = total;
    }

    CoListeningCounts.Builder answer = CoListeningCounts.newBuilder()
        .setWeighting(weighting).setHistoryCap(cap).setUsersCapped(usersCapped)
        .setSongBucket(bucket).setSongBuckets(buckets);
    // Songs no user kept are left out; the others keep their order, so pairs stay ordered.
    int[] position = new int[songs];
    int listed = 0;
    for (int song = 0; song < songs; song++) {
      if (users[song] > 0) {
        position[song] = listed++;
        answer.addSongKeys(index.songKey(song)).addSongSquareSums(squareSums[song])
            .addSongUsers(users[song]);
      }
    }

    // Where each song stands in each of its users' kept lists: the pairs of a song with the
    // songs after it are summed row by row in one dense array, not in a table of every pair,
    // so memory stays linear in the plays and each sum is a cached array access.
    int[] songStart = new int[songs + 1];
    for (int at = 0; at < total; at++) {
      songStart[keptSong[at] + 1]++;
    }
    for (int song = 0; song < songs; song++) {
      songStart[song + 1] += songStart[song];
    }
    int[] listing = new int[total];
    int[] listingUserEnd = new int[total];
    int[] fill = Arrays.copyOf(songStart, songs);
    for (int user = 0; user < index.userCount(); user++) {
      for (int at = keptStart[user]; at < keptStart[user + 1]; at++) {
        int slot = fill[keptSong[at]]++;
        listing[slot] = at;
        listingUserEnd[slot] = keptStart[user + 1];
      }
    }
    // Each user's kept entries whose song is in the bucket, and for every kept entry where
    // the in-bucket entries after it start and its user's end: a song outside the bucket
    // visits only those, so a call's work is its bucket's pairs, not every pair.
    int[] bucketEntries = new int[total];
    int[] bucketFrom = new int[total];
    int[] bucketEnd = new int[total];
    int bucketCount = 0;
    for (int user = 0; user < index.userCount(); user++) {
      int userStart = bucketCount;
      for (int at = keptStart[user]; at < keptStart[user + 1]; at++) {
        if (inBucket[keptSong[at]]) {
          bucketEntries[bucketCount++] = at;
        }
      }
      int from = userStart;
      for (int at = keptStart[user]; at < keptStart[user + 1]; at++) {
        while (from < bucketCount && bucketEntries[from] <= at) {
          from++;
        }
        bucketFrom[at] = from;
        bucketEnd[at] = bucketCount;
      }
    }
    // Sums over users of products of weights: each at most 715^2 per user (the largest log
    // weight, of 2^63 plays), so no sum over fewer than 2^43 users can overflow.
    long[] row = new long[songs];
    int[] touched = new int[songs];
    for (int first = 0; first < songs; first++) {
      boolean firstIn = inBucket[first];
      int touchedCount = 0;
      for (int slot = songStart[first]; slot < songStart[first + 1]; slot++) {
        int at = listing[slot];
        long weight = keptWeight[at];
        if (firstIn) {
          for (int next = at + 1; next < listingUserEnd[slot]; next++) {
            int second = keptSong[next];
            if (row[second] == 0) {
              touched[touchedCount++] = second;
            }
            row[second] += weight * keptWeight[next];
          }
        } else {
          for (int b = bucketFrom[at]; b < bucketEnd[at]; b++) {
            int next = bucketEntries[b];
            int second = keptSong[next];
            if (row[second] == 0) {
              touched[touchedCount++] = second;
            }
            row[second] += weight * keptWeight[next];
          }
        }
      }
      Arrays.sort(touched, 0, touchedCount);
      for (int t = 0; t < touchedCount; t++) {
        int second = touched[t];
        answer.addPairFirst(position[first]).addPairSecond(position[second])
            .addPairSums(row[second]);
        row[second] = 0;
      }
    }
    return answer.setProcessingTime(clock.elapsedSeconds()).build();
  }

  /** The request's cap, or the default for 0. */
  static int historyCap(int requested) {
    return Fields.orDefault(requested, DEFAULT_HISTORY_CAP, MAX_HISTORY_CAP, "history_cap");
  }

  /** The request's number of song buckets: 1 for 0. */
  static int songBuckets(int requested) {
    if (requested < 0 || requested > MAX_SONG_BUCKETS) {
      throw new InvalidRequestException("song_buckets", "must be at most " + MAX_SONG_BUCKETS
          + ", was " + Integer.toUnsignedString(requested));
    }
    return Math.max(1, requested);
  }

  /** The request's song bucket, checked against the number of buckets. */
  static int songBucketOf(int requested, int buckets) {
    if (requested < 0 || requested >= buckets) {
      throw new InvalidRequestException("song_bucket", "must be below song_buckets ("
          + buckets + "), was " + Integer.toUnsignedString(requested));
    }
    return requested;
  }

  /**
   * The request's weighting resolved.
   *
   * @throws InvalidRequestException for a weighting number this code does not know
   */
  static ListenWeighting weighting(ListenWeighting requested, String field) {
    if (!ListenWeights.isKnown(requested)) {
      throw new InvalidRequestException(field, "is not a weighting this function knows");
    }
    return ListenWeights.resolve(requested);
  }

  private static int maxHistory(ListeningIndex index) {
    int most = 0;
    for (int user = 0; user < index.userCount(); user++) {
      most = Math.max(most, index.end(user) - index.start(user));
    }
    return most;
  }

  /**
   * Puts the entries of the user's kept songs into {@code kept}, by song ascending: all of
   * them, or the {@code cap} most played (ties to the lower song, the lower key).
   *
   * @return how many
   */
  private static int keptHistory(ListeningIndex index, int user, int cap, int[] kept) {
    int start = index.start(user);
    int length = index.end(user) - start;
    if (length <= cap) {
      for (int i = 0; i < length; i++) {
        kept[i] = start + i;
      }
      return length;
    }
    Integer[] byPlays = new Integer[length];
    for (int i = 0; i < length; i++) {
      byPlays[i] = start + i;
    }
    // Entries are by song ascending, and the sort is stable: equal plays keep key order.
    Arrays.sort(byPlays, (a, b) -> Long.compare(index.plays(b), index.plays(a)));
    for (int i = 0; i < cap; i++) {
      kept[i] = byPlays[i];
    }
    Arrays.sort(kept, 0, cap);
    return cap;
  }
}
