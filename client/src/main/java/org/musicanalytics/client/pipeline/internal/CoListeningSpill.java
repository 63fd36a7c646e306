package org.musicanalytics.client.pipeline.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.musicanalytics.functions.recommendation.learned.CountCoListening;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.ListenWeighting;

/**
 * Round 2's answers of the learned recommender split by the merge's song buckets into files
 * on disk, so that the function is called once per partition (or per the few song buckets
 * its answer needs) while each bucket's merge still holds only the pairs of its songs.
 *
 * <p>An answer made for song bucket {@code f} of {@code F} (the answer's buckets) lists the
 * pairs with a song in {@code f}. The merge's buckets ({@code M}, any number) are those of
 * {@link CountCoListening#songBucket} too: a pair {@code (a, b)} goes to the merge bucket of
 * {@code a} from the answer of {@code a}'s answer bucket, and to the merge bucket of {@code b}
 * (if another) from the answer of {@code b}'s, so that each merge bucket gets every pair
 * with a song in it exactly once. {@link #bucket} gives a merge bucket's sums as one
 * {@link CoListeningCounts}: the pairs of every partition (a pair several partitions hold is
 * listed once for each, as the function's answers list them, and the merge adds them up),
 * and each of their songs' per-song sums whole, so that {@code SongSimilarity} gives the
 * same neighbours as from the function's own answers for that bucket.
 *
 * <p>The heap holds a write buffer per merge bucket, every song's key and sums once, and per
 * answer its songs' run-wide numbers; on disk a pair is a few bytes of varints under its
 * answer's song numbers. Adding is thread-safe; {@link #bucket} is for after
 * {@link #finish}. The files are deleted on {@link #close}, which a failed run calls too.
 */
public final class CoListeningSpill implements AutoCloseable {

  /** Each merge bucket's write buffer: the heap holds one per bucket. */
  private static final int BUFFER_BYTES = 32 * 1024;

  private final int answerBuckets;
  private final int mergeBuckets;
  private final Path directory;
  private final SpillFile[] files;
  private final long[] entries;

  private final Map<String, Integer> songIds = new HashMap<>();
  private final List<String> songKeys = new ArrayList<>();
  private int[] songAnswerBucket = new int[1024];
  private int[] songMergeBucket = new int[1024];
  private long[] squareSums = new long[1024];
  private long[] songUsers = new long[1024];
  /** Per answer added, its songs' run-wide numbers. */
  private final List<int[]> answerSongs = new ArrayList<>();
  /** Per song, the last answer + 1 that listed it: keys listed twice are refused. */
  private int[] listedBy = new int[1024];

  private boolean anyAdded;
  private ListenWeighting weighting;
  private int historyCap;
  private long usersCapped;
  private boolean finished;
  /** Once finished: the songs' numbers by key ascending. */
  private int[] byKey;
  private boolean closed;

  /**
   * @param answerBuckets the song buckets the function's answers are made for
   * @param mergeBuckets the song buckets the merge holds one at a time
   */
  public CoListeningSpill(int answerBuckets, int mergeBuckets) {
    if (answerBuckets < 1 || mergeBuckets < 1) {
      throw new IllegalArgumentException("there must be at least one bucket, were "
          + answerBuckets + " and " + mergeBuckets);
    }
    this.answerBuckets = answerBuckets;
    this.mergeBuckets = mergeBuckets;
    this.files = new SpillFile[mergeBuckets];
    this.entries = new long[mergeBuckets];
    try {
      this.directory = Files.createTempDirectory("music-analytics-co-listening-");
      try {
        for (int bucket = 0; bucket < mergeBuckets; bucket++) {
          files[bucket] = new SpillFile(directory.resolve("bucket-" + bucket), BUFFER_BYTES);
        }
      } catch (IOException | RuntimeException e) {
        close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the co-listening's spill files: "
          + e.getMessage(), e);
    }
  }

  /**
   * Adds one answer: its per-song sums (those of the answers for song bucket 0, each
   * partition's songs once) and its pairs, split into the merge buckets' files.
   *
   * @throws IllegalArgumentException if the answer is not well formed, is for another
   *     bucket than {@code answerBucket}, or was made with another weighting or history cap
   *     than the answers added before
   * @throws ArithmeticException if a song's sums overflow
   */
  public synchronized void add(CoListeningCounts answer, int answerBucket) {
    requireWriting();
    if (answer.getSongBucket() != answerBucket
        || Math.max(1, answer.getSongBuckets()) != answerBuckets) {
      throw new IllegalArgumentException("it answered for song bucket "
          + Integer.toUnsignedString(answer.getSongBucket()) + " of "
          + Integer.toUnsignedString(answer.getSongBuckets()) + ", asked for " + answerBucket
          + " of " + answerBuckets);
    }
    if (anyAdded && (answer.getWeighting() != weighting
        || answer.getHistoryCap() != historyCap)) {
      throw new IllegalArgumentException("weighting is " + answer.getWeighting()
          + " with history cap " + Integer.toUnsignedString(answer.getHistoryCap())
          + ", but the counts added before are " + weighting + " with history cap "
          + Integer.toUnsignedString(historyCap) + "; sums made differently do not add up");
    }
    int songs = answer.getSongKeysCount();
    int pairs = answer.getPairFirstCount();
    aligned("song_square_sums", answer.getSongSquareSumsCount(), "song_keys", songs);
    aligned("song_users", answer.getSongUsersCount(), "song_keys", songs);
    aligned("pair_second", answer.getPairSecondCount(), "pair_first", pairs);
    aligned("pair_sums", answer.getPairSumsCount(), "pair_first", pairs);
    for (int s = 0; s < songs; s++) {
      positive(answer.getSongSquareSums(s), "song_square_sums", s);
      positive(answer.getSongUsers(s), "song_users", s);
    }
    for (int p = 0; p < pairs; p++) {
      int first = answer.getPairFirst(p);
      int second = answer.getPairSecond(p);
      if (Integer.compareUnsigned(first, songs) >= 0
          || Integer.compareUnsigned(second, songs) >= 0) {
        throw new IllegalArgumentException("pair " + p + " names songs "
            + Integer.toUnsignedString(first) + " and " + Integer.toUnsignedString(second)
            + " of " + songs);
      }
      if (first >= second) {
        throw new IllegalArgumentException("pair_second[" + p + "] must be above pair_first ("
            + first + "), was " + second);
      }
      positive(answer.getPairSums(p), "pair_sums", p);
    }

    int id = answerSongs.size();
    int[] global = new int[songs];
    for (int s = 0; s < songs; s++) {
      int song = songId(answer.getSongKeys(s));
      if (listedBy[song] == id + 1) {
        throw new IllegalArgumentException("song_keys lists '" + answer.getSongKeys(s)
            + "' twice");
      }
      listedBy[song] = id + 1;
      global[s] = song;
    }
    if (answerBucket == 0) {
      for (int s = 0; s < songs; s++) {
        squareSums[global[s]] = Math.addExact(squareSums[global[s]],
            answer.getSongSquareSums(s));
        songUsers[global[s]] = Math.addExact(songUsers[global[s]], answer.getSongUsers(s));
      }
      usersCapped = Math.addExact(usersCapped, answer.getUsersCapped());
    }
    answerSongs.add(global);
    weighting = answer.getWeighting();
    historyCap = answer.getHistoryCap();
    anyAdded = true;

    // Each merge bucket's pairs from this answer, counted first: a segment names its
    // answer and how many pairs follow.
    int[] count = new int[mergeBuckets];
    for (int p = 0; p < pairs; p++) {
      int a = global[answer.getPairFirst(p)];
      int b = global[answer.getPairSecond(p)];
      if (songAnswerBucket[a] == answerBucket) {
        count[songMergeBucket[a]]++;
      }
      if (songAnswerBucket[b] == answerBucket && songMergeBucket[b] != songMergeBucket[a]) {
        count[songMergeBucket[b]]++;
      }
    }
    int[] lastFirst = new int[mergeBuckets];
    int[] lastSecond = new int[mergeBuckets];
    for (int m = 0; m < mergeBuckets; m++) {
      if (count[m] > 0) {
        files[m].varint(id);
        files[m].varint(count[m]);
        entries[m] += count[m];
      }
    }
    for (int p = 0; p < pairs; p++) {
      int first = answer.getPairFirst(p);
      int second = answer.getPairSecond(p);
      int a = global[first];
      int b = global[second];
      long sum = answer.getPairSums(p);
      if (songAnswerBucket[a] == answerBucket) {
        write(songMergeBucket[a], first, second, sum, lastFirst, lastSecond);
      }
      if (songAnswerBucket[b] == answerBucket && songMergeBucket[b] != songMergeBucket[a]) {
        write(songMergeBucket[b], first, second, sum, lastFirst, lastSecond);
      }
    }
  }

  /**
   * One pair in its answer's song numbers: the first song as a step from the segment's last
   * pair, the second as a step from the last second song if the first is the same; the
   * answers list pairs by first then second song, so steps are small, but any order reads
   * back the same.
   */
  private void write(int bucket, int first, int second, long sum, int[] lastFirst,
      int[] lastSecond) {
    int firstStep = first - lastFirst[bucket];
    SpillFile file = files[bucket];
    file.varint(CodedOutputStream.encodeZigZag32(firstStep));
    file.varint(CodedOutputStream.encodeZigZag32(firstStep == 0 ? second - lastSecond[bucket]
        : second));
    file.varint(sum);
    lastFirst[bucket] = first;
    lastSecond[bucket] = second;
  }

  private int songId(String key) {
    Integer known = songIds.get(key);
    if (known != null) {
      return known;
    }
    int song = songKeys.size();
    songIds.put(key, song);
    songKeys.add(key);
    if (song == squareSums.length) {
      int grown = song * 2;
      songAnswerBucket = Arrays.copyOf(songAnswerBucket, grown);
      songMergeBucket = Arrays.copyOf(songMergeBucket, grown);
      squareSums = Arrays.copyOf(squareSums, grown);
      songUsers = Arrays.copyOf(songUsers, grown);
      listedBy = Arrays.copyOf(listedBy, grown);
    }
    songAnswerBucket[song] = CountCoListening.songBucket(key, answerBuckets);
    songMergeBucket[song] = CountCoListening.songBucket(key, mergeBuckets);
    return song;
  }

  private static void aligned(String field, int count, String with, int expected) {
    if (count != expected) {
      throw new IllegalArgumentException(field + " has " + count + " elements, " + with
          + " has " + expected + ": they must be as many");
    }
  }

  private static void positive(long value, String field, int at) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + "[" + at + "] must be positive, was "
          + value);
    }
  }

  /** Ends the adding: the files are written out, and the buckets can be read. */
  public synchronized void finish() {
    requireWriting();
    try {
      for (SpillFile file : files) {
        file.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the co-listening's spill files in "
          + directory + ": " + e.getMessage(), e);
    }
    // Songs by key, once: each bucket lists its songs in this order, which the merge's
    // own sort by key then finds already sorted.
    byKey = new int[songKeys.size()];
    Integer[] order = new Integer[byKey.length];
    for (int song = 0; song < order.length; song++) {
      order[song] = song;
    }
    Arrays.sort(order, (a, b) -> songKeys.get(a).compareTo(songKeys.get(b)));
    for (int r = 0; r < order.length; r++) {
      byKey[r] = order[r];
    }
    finished = true;
  }

  /** How many songs the answers named. */
  public synchronized int songCount() {
    return songKeys.size();
  }

  /** The song with run-wide number {@code song}. */
  public synchronized String songKey(int song) {
    return songKeys.get(song);
  }

  /** The run-wide number of a song some answer named, or -1. */
  public synchronized int songNumber(String key) {
    Integer song = songIds.get(key);
    return song == null ? -1 : song;
  }

  /** The run-wide song numbers by key ascending; once finished. */
  public synchronized int[] songsByKey() {
    requireFinished();
    return byKey.clone();
  }

  /** The directory the files are in, which {@link #close} deletes. */
  public Path directory() {
    return directory;
  }

  /** How many pairs merge bucket {@code bucket} lists, partitions' repeats included. */
  public synchronized long entries(int bucket) {
    return entries[bucket];
  }

  /** The users, over every partition, whose history the function cut to the cap. */
  public synchronized long usersCapped() {
    return usersCapped;
  }

  /**
   * Merge bucket {@code bucket}'s sums: as {@code CountCoListening} answers for that bucket,
   * with every partition's pairs and whole per-song sums in one message, songs by key
   * ascending, only those its pairs name.
   */
  public synchronized CoListeningCounts bucket(int bucket) {
    requireFinished();
    Path path = files[bucket].path;
    int songs = songKeys.size();
    // Which songs the pairs name, then their places in the message, by song number.
    boolean[] named = new boolean[songs];
    read(path, (global, first, second, sum) -> {
      named[global[first]] = true;
      named[global[second]] = true;
    });
    int[] position = new int[songs];
    CoListeningCounts.Builder counts = CoListeningCounts.newBuilder()
        .setWeighting(weighting).setHistoryCap(historyCap)
        .setSongBucket(bucket).setSongBuckets(mergeBuckets);
    for (int song : byKey) {
      if (named[song]) {
        position[song] = counts.getSongKeysCount();
        counts.addSongKeys(songKeys.get(song)).addSongSquareSums(squareSums[song])
            .addSongUsers(songUsers[song]);
      }
    }
    read(path, (global, first, second, sum) -> {
      int a = position[global[first]];
      int b = position[global[second]];
      counts.addPairFirst(Math.min(a, b)).addPairSecond(Math.max(a, b)).addPairSums(sum);
    });
    return counts.build();
  }

  /** What reading a bucket's file does with each pair, in its answer's song numbers. */
  private interface PairVisitor {
    void visit(int[] global, int first, int second, long sum);
  }

  private void read(Path path, PairVisitor visitor) {
    try (SpillReader in = new SpillReader(path)) {
      while (in.more()) {
        int[] global = answerSongs.get((int) in.varint());
        long pairs = in.varint();
        int first = 0;
        int second = 0;
        for (long p = 0; p < pairs; p++) {
          int firstStep = CodedInputStream.decodeZigZag32((int) in.varint());
          int secondValue = CodedInputStream.decodeZigZag32((int) in.varint());
          first += firstStep;
          second = firstStep == 0 ? second + secondValue : secondValue;
          visitor.visit(global, first, second, in.varint());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the co-listening's spill file " + path
          + ": " + e.getMessage(), e);
    }
  }

  private void requireFinished() {
    if (!finished || closed) {
      throw new IllegalStateException("the co-listening's spill is "
          + (closed ? "closed" : "still being written"));
    }
  }

  private void requireWriting() {
    if (finished || closed) {
      throw new IllegalStateException("the co-listening's spill is "
          + (closed ? "closed" : "finished"));
    }
  }

  /** Deletes the files. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (SpillFile file : files) {
      if (file != null) {
        file.closeQuietly();
      }
    }
    if (directory != null) {
      try {
        SpillFile.deleteDirectory(directory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the co-listening's spill files in "
            + directory + ": " + e.getMessage(), e);
      }
    }
  }
}
