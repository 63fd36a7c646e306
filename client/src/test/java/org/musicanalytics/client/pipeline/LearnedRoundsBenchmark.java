package org.musicanalytics.client.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.musicanalytics.client.grpc.GrpcStages;
import org.musicanalytics.client.grpc.ServiceAddresses;
import org.musicanalytics.client.inprocess.InProcessStages;
import org.musicanalytics.host.AnalyticsHost;
import org.musicanalytics.host.HostConfig;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.RankedSong;

/**
 * Not a test: {@link LearnedRecommender}'s rounds 2 and 3 over synthetic listening shaped like
 * {@code generate}'s unstructured runs (each user plays distinct songs drawn uniformly from
 * the catalogue, the worst case for pairs), each partition made when it is read, so that the
 * listening itself takes no heap. Prints the time, the song buckets, the calls and the
 * largest heap in use after a collection, per target.
 *
 * <p>Run from the repository root after {@code ./mvnw -pl client -am test-compile}:
 * {@code java -Xmx640m -cp "$(cat cp.txt):client/target/classes:client/target/test-classes"
 * org.musicanalytics.client.pipeline.LearnedRoundsBenchmark USERS SONGS_PER_USER CATALOGUE
 * PARTITIONS CONCURRENCY inprocess|embedded ...}. A target named with {@code -round3}
 * ({@code embedded-round3}) runs round 3 alone, with {@value #NEIGHBOURS} random neighbours
 * per song of the catalogue for round 2's, so that round 3 is measured at sizes whose round
 * 2 takes minutes.
 */
public final class LearnedRoundsBenchmark {

  /** The neighbours per song of the round-3-only runs, as round 2 keeps by default. */
  static final int NEIGHBOURS = 50;

  private LearnedRoundsBenchmark() {}

  private static String key(int song) {
    return "Artist " + (song % 5000) + " - song-" + song;
  }

  /** {@value #NEIGHBOURS} distinct random neighbours per song, keys ascending. */
  private static org.musicanalytics.proto.SongNeighbours randomNeighbours(int catalogue) {
    String[] keys = new String[catalogue];
    for (int song = 0; song < catalogue; song++) {
      keys[song] = key(song);
    }
    java.util.Arrays.sort(keys);
    SplittableRandom random = new SplittableRandom(42);
    org.musicanalytics.proto.SongNeighbours.Builder table =
        org.musicanalytics.proto.SongNeighbours.newBuilder().addAllSongKeys(List.of(keys));
    int[] mark = new int[catalogue];
    for (int song = 0; song < catalogue; song++) {
      mark[song] = song + 1;
      for (int n = 0; n < Math.min(NEIGHBOURS, catalogue - 1); n++) {
        int neighbour;
        do {
          neighbour = random.nextInt(catalogue);
        } while (mark[neighbour] == song + 1);
        mark[neighbour] = song + 1;
        table.addSongIndex(song).addNeighbourIndex(neighbour)
            .addSimilarity(random.nextDouble() / NEIGHBOURS);
      }
    }
    return table.build();
  }

  /** Uniform listening, the same for a partition every time it is read. */
  private record UniformListening(int users, int songsPerUser, int catalogue, int count)
      implements ListeningPartitions {

    @Override
    public ListeningPartition partition(int index) {
      SplittableRandom random = new SplittableRandom(index);
      ListeningPartition.Builder partition = ListeningPartition.newBuilder()
          .setPartition(index).setPartitions(count);
      int[] songIndex = new int[catalogue];
      java.util.Arrays.fill(songIndex, -1);
      int user = 0;
      for (int u = index; u < users; u += count) {
        partition.addUserIds("user-" + u);
        java.util.Set<Integer> songs = new java.util.HashSet<>();
        while (songs.size() < songsPerUser) {
          songs.add(random.nextInt(catalogue));
        }
        for (int song : songs) {
          if (songIndex[song] < 0) {
            songIndex[song] = partition.getSongKeysCount();
            partition.addSongKeys(key(song));
          }
          partition.addListenUserIndex(user).addListenSongIndex(songIndex[song])
              .addListenPlays(1 + random.nextInt(5));
        }
        user++;
      }
      return partition.build();
    }

    @Override
    public List<RankedSong> recentRanking(int recentDays) {
      List<RankedSong> ranking = new ArrayList<>();
      for (int song = 0; song < Math.min(catalogue, 1000); song++) {
        ranking.add(RankedSong.newBuilder().setKey("Artist " + (song % 5000) + " - song-"
            + song).setArtist("Artist " + (song % 5000)).setPlays(1000 - song).build());
      }
      ranking.sort(java.util.Comparator.comparingLong(RankedSong::getPlays).reversed()
          .thenComparing(RankedSong::getKey));
      return ranking;
    }

    @Override
    public void close() {}
  }

  public static void main(String[] args) throws Exception {
    UniformListening listening = new UniformListening(Integer.parseInt(args[0]),
        Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    int concurrency = Integer.parseInt(args[4]);
    ShardBudget budget = ShardBudget.protobuf(ShardBudget.DEFAULT_OWN_HOST_BYTES);
    org.musicanalytics.proto.SongNeighbours neighbours = null;
    for (int i = 5; i < args.length; i++) {
      boolean round3 = args[i].endsWith("-round3");
      if (round3 && neighbours == null) {
        neighbours = randomNeighbours(listening.catalogue());
      }
      resetPeaks();
      long start = System.nanoTime();
      LearnedRecommender.Result result;
      if (args[i].startsWith("embedded")) {
        try (AnalyticsHost host = AnalyticsHost.start(HostConfig.ephemeral());
            GrpcStages stages = new GrpcStages(ServiceAddresses.spreadOver(host.addresses()))) {
          LearnedRecommender rounds = new LearnedRecommender(stages, budget)
              .withConcurrency(concurrency);
          result = round3 ? rounds.scoreOnly(listening, neighbours) : rounds.recommend(listening);
        }
      } else {
        LearnedRecommender rounds = new LearnedRecommender(new InProcessStages(), budget)
            .withConcurrency(concurrency);
        result = round3 ? rounds.scoreOnly(listening, neighbours) : rounds.recommend(listening);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (round3) {
        System.out.printf(Locale.ROOT, "%s: %.1f s; %d users; round 3 %d calls (%.1f s summed,"
                + " span %.1f s); heap peak %d MiB; checksum %d%n", args[i], seconds,
            result.users().size(), result.scoring().calls(), result.scoring().summedSeconds(),
            result.scoring().spanSeconds(), peakHeap() >> 20, digest(result.users()));
        continue;
      }
      System.out.printf(Locale.ROOT, "%s: %.1f s; %d users, %d song buckets; round 2 %d calls"
              + " (%.1f s summed), round 3 %d calls (%.1f s summed); %d songs with neighbours;"
              + " heap peak %d MiB%n", args[i], seconds, result.users().size(),
          result.songBuckets(), result.coListening().calls(),
          result.coListening().summedSeconds(), result.scoring().calls(),
          result.scoring().summedSeconds(), result.songsWithNeighbours(), peakHeap() >> 20);
    }
  }

  /** The users' answers' bytes hashed: the same for the same answers in any JVM. */
  private static int digest(List<org.musicanalytics.proto.UserRecommendations> users) {
    int digest = 1;
    for (org.musicanalytics.proto.UserRecommendations user : users) {
      digest = 31 * digest + java.util.Arrays.hashCode(user.toByteArray());
    }
    return digest;
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  /** The heap pools' peaks added up: an upper bound of the heap in use at any one time. */
  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
