import java.util.*;
import org.musicanalytics.functions.recommendation.learned.*;
import org.musicanalytics.proto.*;

/**
 * The learned recommender's rounds on one synthetic partition, in one JVM: round 2
 * (countCoListening, per song bucket), the merge and top-K (SongSimilarity), and round 3
 * (recommendFromListening). Each user plays SONGS_PER_USER distinct songs drawn uniformly
 * from CATALOG, like generate's unstructured data, which is the worst case for pairs.
 *
 * <p>Arguments: USERS SONGS_PER_USER CATALOG HISTORY_CAP SONG_BUCKETS. Prints three runs.
 */
public class Round2Bench {
  public static void main(String[] args) {
    int users = Integer.parseInt(args[0]);
    int songsPerUser = Integer.parseInt(args[1]);
    int catalog = Integer.parseInt(args[2]);
    int cap = Integer.parseInt(args[3]);
    int buckets = Integer.parseInt(args[4]);
    Random random = new Random(1);
    ListeningPartition.Builder p = ListeningPartition.newBuilder().setPartitions(1);
    for (int s = 0; s < catalog; s++) p.addSongKeys("Artist" + (s / 8) + " - S" + s);
    for (int u = 0; u < users; u++) {
      p.addUserIds("U" + u);
      Set<Integer> seen = new HashSet<>();
      while (seen.size() < songsPerUser) seen.add(random.nextInt(catalog));
      for (int s : seen) { p.addListenUserIndex(u).addListenSongIndex(s).addListenPlays(1 + random.nextInt(3)); }
    }
    ListeningPartition partition = p.build();
    for (int rep = 0; rep < 3; rep++) {
      long round2 = 0, merge = 0, pairs = 0, bytes = 0, entries = 0;
      List<SongNeighbours> parts = new ArrayList<>();
      for (int b = 0; b < buckets; b++) {
        long t0 = System.nanoTime();
        CoListeningCounts counts = new CountCoListening().apply(CoListeningRequest.newBuilder()
            .setListening(partition).setHistoryCap(cap).setSongBucket(b).setSongBuckets(buckets).build());
        long t1 = System.nanoTime();
        parts.add(new SongSimilarity().add(counts).neighbours());
        long t2 = System.nanoTime();
        round2 += t1 - t0; merge += t2 - t1; pairs += counts.getPairSumsCount();
        bytes += counts.getSerializedSize();
      }
      SongNeighbours all = SongSimilarity.union(parts);
      long t3 = System.nanoTime();
      ListeningScoreRequest req = ListeningScoreRequest.newBuilder().setListening(partition)
          .setNeighbours(SongSimilarity.forPartition(all, partition)).build();
      LearnedRecommendations recs = new RecommendFromListening().apply(req);
      long t4 = System.nanoTime();
      System.out.printf("users=%d songs/user=%d catalog=%d cap=%d buckets=%d pairs=%d answerMB=%.1f round2=%.2fs merge+topK=%.2fs round3=%.2fs neighbourEntries=%d%n",
          users, songsPerUser, catalog, cap, buckets, pairs, bytes / 1e6, round2 / 1e9, merge / 1e9, (t4 - t3) / 1e9, all.getSongIndexCount());
    }
  }
}
