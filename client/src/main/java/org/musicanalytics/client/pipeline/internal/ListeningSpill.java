package org.musicanalytics.client.pipeline.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.musicanalytics.client.pipeline.ListeningPartitions;
import org.musicanalytics.client.pipeline.ShardBudgetException;
import org.musicanalytics.counting.ListeningSink;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.counting.internal.LongLongCounts;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.RankedSong;

/**
 * The shuffle of the learned recommender's round 1: each shard's listening, as it is merged,
 * appended to files on disk, one per bucket of users ({@link #bucketOf}); at the end the
 * buckets grouped into as few partitions as fit a bound, each read back when asked for.
 *
 * <p>The heap holds a buffer per bucket and a bucket per user, not the listening, which is
 * as large as the input: a triple (user, song, plays) takes a few bytes of varints on disk,
 * under the run-wide ids of the {@link MergedCounts} that forwards it. A pair that several
 * shards hold is added up when read back. Partitions list users and songs sorted by id and
 * key, so that they are the same whatever the shards' size, order and concurrency.
 *
 * <p>Rounds 2 and 3 read each partition many times, so a partition is built from the
 * spill only once, on its first read, and its binary form kept in a file of its own that
 * later reads parse; ids are ranked by name once, at the end, so that building a partition
 * sorts ints. Neither holds more than the partition being read.
 *
 * <p>Writing is for one thread at a time (the merge's lock); once {@link #finish finished},
 * reading is thread-safe. The files are deleted on {@link #close}, which a failed run calls
 * too.
 */
public final class ListeningSpill implements ListeningSink, ListeningPartitions {

  /** Buckets of users the listening is spilled to: partitions are groups of them. */
  public static final int BUCKETS = 256;

  /** A ListeningPartition's fields besides its three lists' elements: numbers and tags. */
  private static final long PARTITION_ENVELOPE_BYTES = 2 * 6 + 3 * (1 + 5);
  /** Each spill file's write buffer: the heap holds one per bucket. */
  private static final int BUFFER_BYTES = 4096;
  /** The buffer a built partition's file is written and read through. */
  private static final int PARTITION_BUFFER_BYTES = 64 * 1024;

  private final long maxPartitionBytes;
  private final int buckets;
  private final MergedCounts names;
  private final Path directory;
  private final SpillFile[] bucketFiles;
  private final SpillFile songDays;
  /** Per run-wide user id, its bucket + 1; 0 for a user not seen yet. */
  private short[] userBucket = new short[1024];
  private int users;
  private int songs;
  private int latestDay = Integer.MIN_VALUE;
  private boolean closed;

  // Once finished: the names of the ids, and which buckets make a partition.
  private String[] userIds;
  private String[] songKeys;
  private String[] songArtists;
  /** The ids in order of their names, and each id's place in that order. */
  private int[] usersByName;
  private int[] userRank;
  private int[] songsByKey;
  private int[] songRank;
  private int count;
  /** Per partition: what its first read locks while it builds it, and whether it has. */
  private Object[] buildLocks;
  private boolean[] built;

  /**
   * A spill of the listening {@code names} forwards, to a new temporary directory.
   *
   * @param maxPartitionBytes the most bytes a partition's binary {@code ListeningPartition}
   *     may take
   */
  public ListeningSpill(MergedCounts names, long maxPartitionBytes) {
    this(names, maxPartitionBytes, BUCKETS);
  }

  ListeningSpill(MergedCounts names, long maxPartitionBytes, int buckets) {
    if (maxPartitionBytes <= PARTITION_ENVELOPE_BYTES) {
      throw new IllegalArgumentException("a listening partition needs more than "
          + PARTITION_ENVELOPE_BYTES + " bytes, the bound is " + maxPartitionBytes);
    }
    if (Integer.bitCount(buckets) != 1 || buckets > Short.MAX_VALUE) {
      throw new IllegalArgumentException("buckets must be a power of two, was " + buckets);
    }
    this.names = names;
    this.maxPartitionBytes = maxPartitionBytes;
    this.buckets = buckets;
    this.bucketFiles = new SpillFile[buckets];
    try {
      this.directory = Files.createTempDirectory("music-analytics-listening-");
      try {
        for (int bucket = 0; bucket < buckets; bucket++) {
          bucketFiles[bucket] = new SpillFile(directory.resolve("users-" + bucket), BUFFER_BYTES);
        }
        songDays = new SpillFile(directory.resolve("song-days"), BUFFER_BYTES);
      } catch (IOException | RuntimeException e) {
        close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the listening's spill files: "
          + e.getMessage(), e);
    }
    names.forwardListeningTo(this);
  }

  /**
   * The bucket of a user: a hash of the user id, the same in every run ({@link
   * String#hashCode}, whose value Java specifies, with its bits mixed), modulo the buckets.
   * A partition of {@code n} is the buckets {@code b} with {@code b % n} its number.
   */
  public static int bucketOf(String userId, int buckets) {
    int hash = userId.hashCode();
    // MurmurHash3's finaliser: nearby ids ("u1", "u2") land far apart.
    hash ^= hash >>> 16;
    hash *= 0x85ebca6b;
    hash ^= hash >>> 13;
    hash *= 0xc2b2ae35;
    hash ^= hash >>> 16;
    return hash & (buckets - 1);
  }

  /** The directory the files are in, which {@link #close} deletes. */
  public Path directory() {
    return directory;
  }

  // ---- spilling ----------------------------------------------------------------------

  @Override
  public synchronized void listened(int user, int song, long plays) {
    requireOpen();
    if (user >= userBucket.length) {
      userBucket = Arrays.copyOf(userBucket, Math.max(user + 1, userBucket.length * 2));
    }
    int bucket = userBucket[user] - 1;
    if (bucket < 0) {
      bucket = bucketOf(names.user(user), buckets);
      userBucket[user] = (short) (bucket + 1);
      users = Math.max(users, user + 1);
    }
    songs = Math.max(songs, song + 1);
    SpillFile file = bucketFiles[bucket];
    file.varint(user);
    file.varint(song);
    file.varint(plays);
  }

  @Override
  public synchronized void playedOn(int song, int epochDay, long plays) {
    requireOpen();
    songs = Math.max(songs, song + 1);
    latestDay = Math.max(latestDay, epochDay);
    songDays.varint(song);
    songDays.varint(CodedOutputStream.encodeZigZag32(epochDay));
    songDays.varint(plays);
  }

  /**
   * Ends the spill once every shard is merged: names the ids, and groups the buckets into
   * the fewest partitions (a power of two) that each fit the bound.
   *
   * @throws ShardBudgetException if a single bucket's listening does not fit the bound
   */
  public synchronized ListeningPartitions finish() {
    requireOpen();
    try {
      for (SpillFile file : bucketFiles) {
        file.close();
      }
      songDays.close();
      userIds = new String[users];
      for (int user = 0; user < users; user++) {
        userIds[user] = userBucket[user] == 0 ? null : names.user(user);
      }
      songKeys = new String[songs];
      songArtists = new String[songs];
      for (int song = 0; song < songs; song++) {
        songKeys[song] = names.songKey(song);
        songArtists[song] = names.songArtist(song);
      }
      usersByName = byName(userIds);
      userRank = ranks(usersByName);
      songsByKey = byName(songKeys);
      songRank = ranks(songsByKey);
      count = partitionCount();
      buildLocks = new Object[count];
      Arrays.setAll(buildLocks, partition -> new Object());
      built = new boolean[count];
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the listening's spill files in "
          + directory + ": " + e.getMessage(), e);
    }
  }

  /** The ids of some names (null for an id not used) sorted by name, the unused last. */
  private static int[] byName(String[] names) {
    Integer[] order = new Integer[names.length];
    Arrays.setAll(order, id -> id);
    Arrays.sort(order, Comparator.comparing(id -> names[id],
        Comparator.nullsLast(Comparator.naturalOrder())));
    int[] ids = new int[names.length];
    Arrays.setAll(ids, place -> order[place]);
    return ids;
  }

  /** Each id's place in an order of ids. */
  private static int[] ranks(int[] order) {
    int[] rank = new int[order.length];
    for (int place = 0; place < order.length; place++) {
      rank[order[place]] = place;
    }
    return rank;
  }

  /**
   * The fewest partitions that each fit the bound: each bucket's partition size summed,
   * which bounds the size of their union (shared songs are listed once there, and its
   * indexes are no wider than the run's).
   */
  private int partitionCount() throws IOException {
    int userIndexBytes = CodedOutputStream.computeUInt32SizeNoTag(Math.max(users - 1, 0));
    int songIndexBytes = CodedOutputStream.computeUInt32SizeNoTag(Math.max(songs - 1, 0));
    long[] bucketBytes = new long[buckets];
    for (int bucket = 0; bucket < buckets; bucket++) {
      Pairs pairs = read(new int[] {bucket});
      bucketBytes[bucket] = pairs.bytes(userIndexBytes, songIndexBytes);
    }
    for (int partitions = 1; partitions <= buckets; partitions *= 2) {
      long largest = 0;
      for (int partition = 0; partition < partitions; partition++) {
        long bytes = PARTITION_ENVELOPE_BYTES;
        for (int bucket = partition; bucket < buckets; bucket += partitions) {
          bytes += bucketBytes[bucket];
        }
        largest = Math.max(largest, bytes);
      }
      if (largest <= maxPartitionBytes) {
        return partitions;
      }
    }
    int bucket = 0;
    for (int b = 1; b < buckets; b++) {
      bucket = bucketBytes[b] > bucketBytes[bucket] ? b : bucket;
    }
    throw new ShardBudgetException("the listening of the users in bucket " + bucket + " of "
        + buckets + " takes up to " + (bucketBytes[bucket] + PARTITION_ENVELOPE_BYTES)
        + " bytes of protobuf, more than the bound of " + maxPartitionBytes + " bytes on a "
        + "listening partition; raise the shard budget");
  }

  // ---- ListeningPartitions --------------------------------------------------------

  @Override
  public synchronized int count() {
    requireFinished();
    return count;
  }

  @Override
  public ListeningPartition partition(int index) {
    int partitions = count();
    if (index < 0 || index >= partitions) {
      throw new IndexOutOfBoundsException("partition " + index + " of " + partitions);
    }
    Path file = directory.resolve("partition-" + index);
    try {
      synchronized (buildLocks[index]) {
        if (!built[index]) {
          ListeningPartition partition = build(index, partitions);
          try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file),
              PARTITION_BUFFER_BYTES)) {
            partition.writeTo(out);
          }
          built[index] = true;
          return partition;
        }
      }
      try (InputStream in = Files.newInputStream(file)) {
        return ListeningPartition.parseFrom(
            CodedInputStream.newInstance(in, PARTITION_BUFFER_BYTES));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the listening's spill files in " + directory
          + ": " + e.getMessage(), e);
    }
  }

  /** Partition {@code index} of {@code partitions} built from its buckets' spill files. */
  private ListeningPartition build(int index, int partitions) throws IOException {
    int[] of = new int[buckets / partitions];
    for (int i = 0; i < of.length; i++) {
      of[i] = index + i * partitions;
    }
    return read(of).partition(index, partitions);
  }

  @Override
  public List<RankedSong> recentRanking(int recentDays) {
    if (recentDays < 1) {
      throw new IllegalArgumentException("recentDays must be at least 1, was " + recentDays);
    }
    requireFinished();
    long[] plays = new long[songs];
    if (latestDay != Integer.MIN_VALUE) {
      long first = (long) latestDay - recentDays + 1;
      try (SpillReader in = new SpillReader(songDays.path)) {
        while (in.more()) {
          int song = (int) in.varint();
          int day = CodedInputStream.decodeZigZag32((int) in.varint());
          long count = in.varint();
          if (day >= first) {
            plays[song] = Math.addExact(plays[song], count);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the listening's spill files in "
            + directory + ": " + e.getMessage(), e);
      }
    }
    List<RankedSong> ranking = new ArrayList<>();
    for (int song = 0; song < songs; song++) {
      if (plays[song] > 0) {
        ranking.add(RankedSong.newBuilder().setKey(songKeys[song])
            .setArtist(songArtists[song]).setPlays(plays[song]).build());
      }
    }
    ranking.sort(Comparator.comparingLong(RankedSong::getPlays).reversed()
        .thenComparing(RankedSong::getKey));
    return ranking;
  }

  /** Deletes the files; a spill still being written fails its next write. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (SpillFile file : bucketFiles) {
      if (file != null) {
        file.closeQuietly();
      }
    }
    if (songDays != null) {
      songDays.closeQuietly();
    }
    if (directory != null) {
      try {
        SpillFile.deleteDirectory(directory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the listening's spill files in "
            + directory + ": " + e.getMessage(), e);
      }
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the run's listening spill is closed");
    }
    if (userIds != null) {
      throw new IllegalStateException("the run's listening spill is finished");
    }
  }

  private synchronized void requireFinished() {
    if (closed) {
      throw new IllegalStateException("the run's listening partitions are closed");
    }
    if (userIds == null) {
      throw new IllegalStateException("the run's listening is still being spilled");
    }
  }

  // ---- reading back ---------------------------------------------------------------

  /** The summed plays of some buckets' users, per pair of run-wide ids. */
  private Pairs read(int[] ofBuckets) throws IOException {
    LongLongCounts plays = new LongLongCounts();
    for (int bucket : ofBuckets) {
      try (SpillReader in = new SpillReader(bucketFiles[bucket].path)) {
        while (in.more()) {
          int user = (int) in.varint();
          int song = (int) in.varint();
          plays.add(LongLongCounts.key(user, song), in.varint());
        }
      }
    }
    long[] keys = new long[plays.size()];
    long[] counts = new long[plays.size()];
    plays.copyTo(keys, counts);
    return new Pairs(keys, counts);
  }

  /** Plays per pair of run-wide ids (user, song), in no order. */
  private final class Pairs {
    final long[] keys;
    final long[] plays;

    Pairs(long[] keys, long[] plays) {
      this.keys = keys;
      this.plays = plays;
    }

    /** The binary size of these pairs' partition, with indexes of the widths given. */
    long bytes(int userIndexBytes, int songIndexBytes) {
      boolean[] userSeen = new boolean[users];
      boolean[] songSeen = new boolean[songs];
      long bytes = 0;
      for (int i = 0; i < keys.length; i++) {
        int user = LongLongCounts.first(keys[i]);
        int song = LongLongCounts.second(keys[i]);
        if (!userSeen[user]) {
          userSeen[user] = true;
          bytes += CodedOutputStream.computeStringSize(
              ListeningPartition.USER_IDS_FIELD_NUMBER, userIds[user]);
        }
        if (!songSeen[song]) {
          songSeen[song] = true;
          bytes += CodedOutputStream.computeStringSize(
              ListeningPartition.SONG_KEYS_FIELD_NUMBER, songKeys[song]);
        }
        bytes += userIndexBytes + songIndexBytes
            + CodedOutputStream.computeInt64SizeNoTag(plays[i]);
      }
      return bytes;
    }

    /** The partition of these pairs: users by id, songs by key, pairs in their order. */
    ListeningPartition partition(int index, int partitions) {
      int[] userIndex = new int[users];
      int[] songIndex = new int[songs];
      Arrays.fill(userIndex, -1);
      Arrays.fill(songIndex, -1);
      // The ranks by name of the users and songs here, each once: sorted, they list them.
      int[] userRanks = new int[Math.min(keys.length, users)];
      int[] songRanks = new int[Math.min(keys.length, songs)];
      int userCount = 0;
      int songCount = 0;
      for (long key : keys) {
        int user = LongLongCounts.first(key);
        int song = LongLongCounts.second(key);
        if (userIndex[user] < 0) {
          userIndex[user] = 0;
          userRanks[userCount++] = userRank[user];
        }
        if (songIndex[song] < 0) {
          songIndex[song] = 0;
          songRanks[songCount++] = songRank[song];
        }
      }
      Arrays.sort(userRanks, 0, userCount);
      Arrays.sort(songRanks, 0, songCount);
      ListeningPartition.Builder partition = ListeningPartition.newBuilder()
          .setPartition(index).setPartitions(partitions);
      for (int i = 0; i < userCount; i++) {
        int user = usersByName[userRanks[i]];
        userIndex[user] = i;
        partition.addUserIds(userIds[user]);
      }
      for (int i = 0; i < songCount; i++) {
        int song = songsByKey[songRanks[i]];
        songIndex[song] = i;
        partition.addSongKeys(songKeys[song]);
      }
      // Pairs by (user index, song index): one key per pair sorts them, and a table from
      // that key to the pair's place finds its plays.
      long[] ordered = new long[keys.length];
      LongLongCounts placeOf = new LongLongCounts();
      for (int i = 0; i < keys.length; i++) {
        ordered[i] = LongLongCounts.key(userIndex[LongLongCounts.first(keys[i])],
            songIndex[LongLongCounts.second(keys[i])]);
        placeOf.add(ordered[i], i);
      }
      Arrays.sort(ordered);
      for (long key : ordered) {
        partition.addListenUserIndex(LongLongCounts.first(key))
            .addListenSongIndex(LongLongCounts.second(key))
            .addListenPlays(plays[(int) placeOf.getOrPut(key, -1)]);
      }
      return partition.build();
    }
  }
}
