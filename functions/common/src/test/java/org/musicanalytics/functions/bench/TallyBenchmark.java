package org.musicanalytics.functions.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.musicanalytics.functions.PlayAggregator;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.functions.SummaryAccumulator;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * CPU per record of the fused path's two halves, on synthetic shards shaped like the
 * generator's data (50K users, 25K artists, 200K songs, skewed popularity, ids like
 * {@code U3005} and {@code S002457}): a shard's pass
 * ({@code addEncoded} and {@code encodeShardSummary}) and the merge of the summaries
 * ({@code SummaryAccumulator.addEncoded}), then the finalisers. A measurement to run by
 * hand, not a test:
 *
 * <pre>
 * java -XX:+UseParallelGC -cp "target/test-classes:target/classes:$(cat cp.txt)" \
 *     org.musicanalytics.functions.bench.TallyBenchmark [shards] [records per shard]
 * </pre>
 */
public final class TallyBenchmark {

  private TallyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int shardCount = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int perShard = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
    List<byte[]> shards = shards(new Random(1), shardCount, perShard);
    long records = (long) shardCount * perShard;
    for (int round = 0; round < 3; round++) {
      long start = System.nanoTime();
      List<byte[]> summaries = new ArrayList<>();
      for (byte[] shard : shards) {
        PlayAggregator plays = PlayAggregator.ofAll();
        plays.addEncoded(shard);
        summaries.add(plays.encodeShardSummary(StageClock.start()));
      }
      long passed = System.nanoTime();
      long heapBefore = usedHeap();
      SummaryAccumulator merged = new SummaryAccumulator();
      for (byte[] summary : summaries) {
        merged.addEncoded(summary);
      }
      long merging = System.nanoTime();
      long heapAfter = usedHeap();
      int songs = merged.playCounts().getPlayCountsCount();
      int users = merged.userStats(false).getUserStatsCount();
      int genres = merged.genres().getGenreCountsCount();
      long done = System.nanoTime();
      long summaryBytes = summaries.stream().mapToLong(s -> s.length).sum();
      long shardBytes = shards.stream().mapToLong(s -> s.length).sum();
      long pairs = merged.userStats(true).getUserStatsList().stream()
          .mapToLong(user -> user.getArtistPlaysCount()).sum();
      System.out.printf(Locale.ROOT, "round %d: pass %.0f ns/record, merge %.0f ns/record "
              + "(merged state %.0f MB, %d user x artist pairs), finalise %.0f ms (%d songs, "
              + "%d users, %d genres); summaries %.1f%% of the shards' bytes%n", round,
          (passed - start) / (double) records, (merging - passed) / (double) records,
          (heapAfter - heapBefore) / 1e6, pairs, (done - merging) / 1e6, songs, users, genres,
          100.0 * summaryBytes / shardBytes);
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
