package org.musicanalytics.host.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.counting.ShardCounter;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.functions.mapreduce.GenreAnswer;
import org.musicanalytics.functions.mapreduce.PlayCountsAnswer;
import org.musicanalytics.functions.userbehavior.UserStatsAnswer;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * CPU per record of the fused path's two halves, on synthetic shards shaped like the
 * generator's data (50K users, 25K artists, 200K songs, skewed popularity, ids like
 * {@code U3005} and {@code S002457}): a shard's pass
 * ({@code ShardCounter.addEncoded} and {@code encodeShardCounts}) and the merge of the
 * shards' counts ({@code MergedCounts.addEncoded}), then the answers made from them. It
 * lives here, where every stage module is on the class path. A measurement to run by hand,
 * not a test:
 *
 * <pre>
 * java -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat cp.txt)" \
 *     org.musicanalytics.host.bench.FusedPathBenchmark [shards] [records per shard]
 * </pre>
 */
public final class FusedPathBenchmark {

  private FusedPathBenchmark() {}

  public static void main(String[] args) throws Exception {
    int shardCount = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int perShard = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
    List<byte[]> shards = shards(new Random(1), shardCount, perShard);
    long records = (long) shardCount * perShard;
    for (int round = 0; round < 3; round++) {
      long start = System.nanoTime();
      List<byte[]> counts = new ArrayList<>();
      for (byte[] shard : shards) {
        ShardCounter plays = ShardCounter.ofAll();
        plays.addEncoded(shard);
        counts.add(plays.encodeShardCounts(StageClock.start()));
      }
      long passed = System.nanoTime();
      long heapBefore = usedHeap();
      MergedCounts merged = new MergedCounts();
      for (byte[] shardCounts : counts) {
        merged.addEncoded(shardCounts);
      }
      long merging = System.nanoTime();
      long heapAfter = usedHeap();
      int songs = merged.answer(new PlayCountsAnswer()).getPlayCountsCount();
      int users = merged.answer(new UserStatsAnswer(false)).getUserStatsCount();
      int genres = merged.answer(new GenreAnswer()).getGenreCountsCount();
      long done = System.nanoTime();
      long countsBytes = counts.stream().mapToLong(s -> s.length).sum();
      long shardBytes = shards.stream().mapToLong(s -> s.length).sum();
      long pairs = merged.answer(new UserStatsAnswer(true)).getUserStatsList().stream()
          .mapToLong(user -> user.getArtistPlaysCount()).sum();
      System.out.printf(Locale.ROOT, "round %d: pass %.0f ns/record, merge %.0f ns/record "
              + "(merged state %.0f MB, %d user x artist pairs), finalise %.0f ms (%d songs, "
              + "%d users, %d genres); counts %.1f%% of the shards' bytes%n", round,
          (passed - start) / (double) records, (merging - passed) / (double) records,
          (heapAfter - heapBefore) / 1e6, pairs, (done - merging) / 1e6, songs, users, genres,
          100.0 * countsBytes / shardBytes);
    }
  }

  /** The heap in use after a collection: what is reachable. */
  private static long usedHeap() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static List<byte[]> shards(Random random, int count, int perShard) {
    int users = 50_000;
    int artists = 25_000;
    int songs = 200_000;
    List<byte[]> shards = new ArrayList<>();
    for (int shard = 0; shard < count; shard++) {
      StreamList.Builder plays = StreamList.newBuilder();
      for (int i = 0; i < perShard; i++) {
        int song = skewed(random, songs);
        plays.addRecords(StreamRecord.newBuilder()
            .setUserId("U" + skewed(random, users))
            .setSongId(String.format(Locale.ROOT, "S%06d", song))
            .setArtist("Artist " + (song * 7919L % artists))
            .setDuration(60 + random.nextInt(300))
            .setTimestamp("2025-11-05T10:" + (10 + random.nextInt(50)) + ":00")
            .setGenre("Genre " + (song % 20)));
      }
      shards.add(plays.build().toByteArray());
    }
    return shards;
  }

  /** Small values far more often than large ones. */
  private static int skewed(Random random, int bound) {
    double u = random.nextDouble();
    return (int) (bound * u * u * u);
  }
}
