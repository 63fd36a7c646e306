package org.musicanalytics.counting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * Test fixture: seeded random plays with many ties (few users, artists and songs, and
 * artists that share prefixes or contain the key separator), and random ways to cut
 * them into shards.
 */
public final class RandomPlays {

  private static final String[] ARTISTS = {
    "Drake", "Drake Bell", "A - B", "A", "Björk", "Zedd", "Adele", "Earth - Wind"
  };
  private static final String[] GENRES = {"Pop", "Rock", "", "Hip-Hop", "Électro"};
  /** Days by offset and across a year's end, and timestamps without a day. */
  private static final String[] TIMESTAMPS = {
    "2025-11-05T10:53:00", "2025-11-06T23:30:00-02:00", "2025-11-06", "2025-02-30T00:00:00",
    "", "yesterday", "2024-12-31T23:59:59.999Z", "2025-01-01T00:30:00+01:00"
  };

  private RandomPlays() {}

  /** Up to {@code maxRecords} random plays. */
  public static List<StreamRecord> plays(Random random, int maxRecords) {
    int records = random.nextInt(maxRecords + 1);
    int users = 1 + random.nextInt(12);
    int songs = 1 + random.nextInt(15);
    List<StreamRecord> plays = new ArrayList<>(records);
    for (int i = 0; i < records; i++) {
      plays.add(Plays.play("U" + random.nextInt(users), "S" + random.nextInt(songs),
          ARTISTS[random.nextInt(ARTISTS.length)], random.nextInt(400),
          TIMESTAMPS[random.nextInt(TIMESTAMPS.length)], GENRES[random.nextInt(GENRES.length)]));
    }
    return plays;
  }

  /**
   * The plays, shuffled or not, cut into one to five shards at random points (a shard
   * may be empty).
   */
  public static List<StreamList> shards(Random random, List<StreamRecord> plays) {
    List<StreamRecord> order = new ArrayList<>(plays);
    if (random.nextBoolean()) {
      Collections.shuffle(order, random);
    }
    int count = 1 + random.nextInt(5);
    List<Integer> cuts = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      cuts.add(random.nextInt(order.size() + 1));
    }
    Collections.sort(cuts);
    cuts.add(order.size());
    List<StreamList> shards = new ArrayList<>();
    int from = 0;
    for (int to : cuts) {
      shards.add(StreamList.newBuilder().addAllRecords(order.subList(from, to)).build());
      from = to;
    }
    return shards;
  }

  /** One trial of a property over shardings. */
  @FunctionalInterface
  public interface ShardingTrial {
    /** Checks the property for {@code plays} cut into {@code shards}. */
    void run(int trial, Random random, List<StreamRecord> plays, List<StreamList> shards);
  }

  /**
   * Runs {@code trials} trials of a property, each over up to {@code maxRecords} random
   * plays ({@link #plays}) cut into random shards ({@link #shards}); all drawn from
   * {@code seed}.
   */
  public static void forEachSharding(long seed, int trials, int maxRecords,
      ShardingTrial property) {
    Random random = new Random(seed);
    for (int trial = 0; trial < trials; trial++) {
      List<StreamRecord> plays = plays(random, maxRecords);
      property.run(trial, random, plays, shards(random, plays));
    }
  }

  /** Merges the parts pairwise in a random tree order, as concurrent merges would. */
  public static <T> T mergeInRandomOrder(Random random, List<T> parts,
      java.util.function.BinaryOperator<T> merge) {
    List<T> pending = new ArrayList<>(parts);
    while (pending.size() > 1) {
      int i = random.nextInt(pending.size());
      T left = pending.remove(i);
      int j = random.nextInt(pending.size());
      T right = pending.remove(j);
      pending.add(random.nextBoolean() ? merge.apply(left, right) : merge.apply(right, left));
    }
    return pending.get(0);
  }
}
