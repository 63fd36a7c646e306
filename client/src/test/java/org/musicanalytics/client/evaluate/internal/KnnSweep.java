package org.musicanalytics.client.evaluate.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.musicanalytics.client.evaluate.RankingMetrics;
import org.musicanalytics.client.pipeline.InMemoryListeningPartitions;
import org.musicanalytics.functions.recommendation.learned.CountCoListening;
import org.musicanalytics.functions.recommendation.learned.NeighbourSettings;
import org.musicanalytics.functions.recommendation.learned.RecommendFromListening;
import org.musicanalytics.functions.recommendation.learned.SongSimilarity;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.LearnedRecommendations;
import org.musicanalytics.proto.ListenWeighting;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.ListeningScoreRequest;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.ScoredSong;
import org.musicanalytics.proto.SongNeighbours;
import org.musicanalytics.proto.UserRecommendations;

/**
 * Not a test: the sweep that chose the item-kNN settings (bench/results-evaluate.md). It
 * runs the learned recommender's pure rounds 2 and 3 over one partition holding every user
 * of a split's past (partitions' sums add up exactly, so one partition gives what many
 * give) for each setting, and scores them as {@code evaluate} does.
 *
 * <pre>
 * java -cp ... KnnSweep FILE TEST_DAYS K \
 *     weighting:cap:neighbours:shrinkage:minHistory[:asymmetry:locality:normalised] ...
 * </pre>
 *
 * <p>Without the last three, a setting takes {@link NeighbourSettings#DEFAULT}'s; the plain
 * cosine is {@code :0.5:1:false}.
 */
public final class KnnSweep {

  private KnnSweep() {}

  public static void main(String[] args) throws Exception {
    Path input = Path.of(args[0]);
    int testDays = Integer.parseInt(args[1]);
    int k = Integer.parseInt(args[2]);
    TimeSplit split = TimeSplit.read(input, testDays, Recommenders.RECENT_DAYS);
    List<RankedSong> recent = InMemoryListeningPartitions.ranking(split.recentPlays(),
        split::artist);
    ListeningPartition listening =
        new InMemoryListeningPartitions(split.pastPlays(), days -> recent, 1).partition(0);
    for (Recommenders.Scored baseline : Recommenders.evaluate(split, k)) {
      print(baseline.name(), baseline.scores(), 0);
    }
    for (int i = 3; i < args.length; i++) {
      String[] setting = args[i].split(":");
      long start = System.nanoTime();
      ListenWeighting weighting = ListenWeighting.valueOf("LISTEN_WEIGHTING_" + setting[0]);
      CoListeningCounts counts = new CountCoListening().apply(CoListeningRequest.newBuilder()
          .setListening(listening).setHistoryCap(Integer.parseInt(setting[1]))
          .setWeighting(weighting).build());
      NeighbourSettings shape = NeighbourSettings.DEFAULT.with(Integer.parseInt(setting[2]),
          Double.parseDouble(setting[3]));
      if (setting.length > 5) {
        shape = new NeighbourSettings(shape.neighbours(), shape.shrinkage(),
            Double.parseDouble(setting[5]), Double.parseDouble(setting[6]),
            Boolean.parseBoolean(setting[7]));
      }
      SongNeighbours neighbours = new SongSimilarity().add(counts).neighbours(shape);
      LearnedRecommendations answer = new RecommendFromListening().apply(
          ListeningScoreRequest.newBuilder().setListening(listening).setNeighbours(neighbours)
              .addAllRecentRanking(recent).setTopN(k)
              .setMinHistory(Integer.parseInt(setting[4])).setWeighting(weighting).build());
      Map<String, List<String>> byUser = new HashMap<>();
      for (UserRecommendations user : answer.getUsersList()) {
        byUser.put(user.getUserId(),
            user.getSongsList().stream().map(ScoredSong::getKey).toList());
      }
      Recommenders.Scored scored = Recommenders.score(args[i], "", split, k,
          user -> byUser.getOrDefault(user, List.of()));
      print(args[i], scored.scores(), (System.nanoTime() - start) / 1e9);
    }
  }

  private static void print(String name, RankingMetrics.Scores s, double seconds) {
    System.out.printf(Locale.ROOT, "| %-40s | %6.4f | %6.4f | %6.4f | %6.4f | %6.2f%% | %5.1f |%n",
        name, s.hitRate(), s.ndcg(), s.precision(), s.recall(), 100 * s.coverage(), seconds);
  }
}
