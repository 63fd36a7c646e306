package org.musicanalytics.client.evaluate.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.musicanalytics.client.evaluate.RankingMetrics;
import org.musicanalytics.client.inprocess.InProcessStages;
import org.musicanalytics.client.pipeline.InMemoryListeningPartitions;
import org.musicanalytics.client.pipeline.LearnedRecommender;
import org.musicanalytics.client.pipeline.ListeningPartitions;
import org.musicanalytics.client.pipeline.Recommender;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.run.Target;
import org.musicanalytics.client.run.internal.RunTarget;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.ScoredSong;
import org.musicanalytics.proto.SongKeys;
import org.musicanalytics.proto.UserRecommendations;

/**
 * The recommenders {@code evaluate} compares, each as every user's ranked songs, and their
 * scores over the users of a split.
 */
public final class Recommenders {

  /** Days at the end of the past that recent popularity counts, as the issue defines it. */
  public static final int RECENT_DAYS = 7;

  /**
   * Plays per user and song held in one partition of the past's listening: a partition of
   * this many entries is a few megabytes, well within the in-process budget.
   */
  static final long ENTRIES_PER_PARTITION = 250_000;

  /** One recommender's name, what it is, and its figures. */
  public record Scored(String name, String description, RankingMetrics.Scores scores) {}

  private Recommenders() {}

  /**
   * Scores each recommender at {@code k} over the split's users who played in the past and
   * played a song in the future they had not played before.
   */
  public static List<Scored> evaluate(TimeSplit split, int k) {
    Map<String, Map<String, Long>> past = split.pastPlays();
    Map<String, SongKeys> oldRule = split.trained().recommendations().getRecommendationsMap();
    List<String> popular = Ranking.rank(split.trained().playCounts().getPlayCountsMap());
    List<String> recent = Ranking.rank(split.recentPlays());

    List<Scored> scored = new ArrayList<>();
    scored.add(score(Recommender.TOP_ARTIST_FILTER.modelName(), "the old rule, from the "
        + "pipeline: the global chart minus the user's top artist, 5 songs", split, k,
        user -> oldRule.containsKey(user) ? oldRule.get(user).getValuesList() : List.of()));
    scored.add(score("popularity", "the global chart of the past minus the songs the user "
        + "played", split, k, user -> unplayed(popular, past.get(user).keySet(), k)));
    scored.add(score("recent-popularity", "the chart of the past's last " + RECENT_DAYS
        + " days minus the songs the user played", split, k,
        user -> unplayed(recent, past.get(user).keySet(), k)));
    Map<String, List<String>> learned = itemKnn(split, k);
    scored.add(score(Recommender.ITEM_KNN.modelName(), "item-based nearest neighbours over "
        + "co-listening, through the learned rounds in process; recent popularity for users "
        + "with too little history", split, k,
        user -> learned.getOrDefault(user, List.of())));
    return scored;
  }

  /**
   * Each user's top {@code k} of the learned recommender, trained on the split's past: the
   * same rounds and orchestration as a run, on the in-process stages.
   */
  static Map<String, List<String>> itemKnn(TimeSplit split, int k) {
    Map<String, Map<String, Long>> past = split.pastPlays();
    long entries = 0;
    for (Map<String, Long> songs : past.values()) {
      entries += songs.size();
    }
    List<RankedSong> recent = InMemoryListeningPartitions.ranking(split.recentPlays(),
        split::artist);
    ListeningPartitions partitions = new InMemoryListeningPartitions(past, days -> {
      if (days != RECENT_DAYS) {
        throw new IllegalArgumentException("the split holds the recent ranking of "
            + RECENT_DAYS + " days, not " + days);
      }
      return recent;
    }, (int) (1 + entries / ENTRIES_PER_PARTITION));
    ShardBudget budget = ShardBudget.protobuf(ShardBudget.DEFAULT_OWN_HOST_BYTES);
    LearnedRecommender.Result result = new LearnedRecommender(new InProcessStages(), budget)
        .withTopN(k).withRecentDays(RECENT_DAYS)
        .withConcurrency(RunTarget.defaultConcurrency(Target.INPROCESS, () -> budget))
        .recommend(partitions);
    Map<String, List<String>> byUser = new HashMap<>();
    for (UserRecommendations user : result.users()) {
      byUser.put(user.getUserId(), user.getSongsList().stream().map(ScoredSong::getKey)
          .toList());
    }
    return byUser;
  }

  /** The first {@code k} songs of {@code ranking} not in {@code played}. */
  static List<String> unplayed(List<String> ranking, Set<String> played, int k) {
    List<String> songs = new ArrayList<>(k);
    for (String song : ranking) {
      if (songs.size() == k) {
        break;
      }
      if (!played.contains(song)) {
        songs.add(song);
      }
    }
    return songs;
  }

  /** Scores {@code recommend}, each user's ranked songs, over the split's users. */
  static Scored score(String name, String description, TimeSplit split, int k,
      Function<String, List<String>> recommend) {
    RankingMetrics metrics = new RankingMetrics(k);
    Map<String, Map<String, Long>> past = split.pastPlays();
    // Users in id order: the same figures whatever the order of the input.
    for (String user : new TreeSet<>(split.futureSongs().keySet())) {
      Map<String, Long> played = past.get(user);
      if (played == null) {
        continue;
      }
      Set<String> relevant = new TreeSet<>(split.futureSongs().get(user));
      relevant.removeAll(played.keySet());
      if (!relevant.isEmpty()) {
        metrics.add(recommend.apply(user), relevant);
      }
    }
    return new Scored(name, description, metrics.scores(split.catalogueSongs()));
  }
}
