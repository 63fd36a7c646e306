package org.musicanalytics.client.output;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.musicanalytics.client.pipeline.CallTimes;
import org.musicanalytics.client.pipeline.LearnedRecommender;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.csv.InputSummary;
import org.musicanalytics.csv.RejectedRow;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.ScoredSong;
import org.musicanalytics.proto.SongKeys;
import org.musicanalytics.proto.UserRecommendations;
import org.musicanalytics.proto.UserStat;

/**
 * The content of the results file: the old deployment's keys plus the target, when the
 * results were computed and the input read (the README's "The results file" lists them).
 *
 * <p>Objects keep a fixed key order, so equal runs give equal files up to their timings and
 * {@code computed_at}.
 */
public final class ResultsDocument {

  /** How many songs {@code mapreduce_results.top_songs} lists. */
  public static final int TOP_SONGS = 10;

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private ResultsDocument() {}

  /**
   * The results of one run as ordered maps and lists.
   *
   * @param runId the run's id, {@code <results>/runs/<run id>}
   * @param workflow how the stages were reached, e.g. {@code grpc}
   * @param target the target the run used, e.g. {@code embedded}
   * @param computedAt when the run ended
   * @param provenance which file was read
   */
  public static Map<String, Object> of(String runId, String workflow, String target,
      InputSummary input, PipelineResult result, Instant computedAt,
      InputFingerprint.Provenance provenance) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("run_id", runId);
    document.put("workflow", workflow);
    document.put("target", target);
    document.put("computed_at", computedAt.truncatedTo(ChronoUnit.MILLIS).toString());
    document.put("performance", performance(result));
    Map<String, Object> mapReduce = new LinkedHashMap<>();
    mapReduce.put("top_songs", ordered(Ranking.top(result.playCounts().getPlayCountsMap(),
        TOP_SONGS), result.playCounts().getPlayCountsMap()));
    mapReduce.put("plays_per_day", playsPerDay(result));
    document.put("mapreduce_results", mapReduce);
    document.put("userbehavior_results", userBehavior(result));
    Map<String, Long> genreCounts = result.genres().getGenreCountsMap();
    Map<String, Object> genres = new LinkedHashMap<>();
    genres.put("genre_counts", ordered(Ranking.rank(genreCounts), genreCounts));
    genres.put("top_genres", List.copyOf(result.genres().getTopGenresList()));
    document.put("genre_analysis_results", genres);
    document.put("recommendation_results", recommendations(result));
    document.put("input", input(input, provenance));
    return document;
  }

  /** The document as pretty-printed JSON. */
  public static String toJson(Map<String, Object> document) {
    return GSON.toJson(document) + "\n";
  }

  private static Map<String, Object> performance(PipelineResult result) {
    Map<String, Object> performance = new LinkedHashMap<>();
    for (Stage stage : Stage.values()) {
      performance.put(stage.metricsName() + "_time", result.servedBy(stage).spanSeconds());
    }
    performance.put("total_workflow_time", result.totalSeconds());
    performance.put("fused", result.fused());
    Map<String, Object> summed = new LinkedHashMap<>();
    Map<String, Object> processing = new LinkedHashMap<>();
    if (result.fused()) {
      summed.put("fused", summed(result.fusedCall()));
      processing.put("fused", result.fusedProcessingSeconds());
    }
    for (Stage stage : Stage.values()) {
      if (!result.servedByFusedCall(stage)) {
        summed.put(stage.metricsName(), summed(result.stageTimes().get(stage)));
      }
      processing.put(stage.metricsName(), result.processingSeconds(stage));
    }
    performance.put("summed_call_time", summed);
    performance.put("service_processing_time", processing);
    Map<String, Object> shards = new LinkedHashMap<>();
    shards.put("records", result.recordShards());
    shards.put("users", result.userShards());
    performance.put("shards", shards);
    result.learned().ifPresent(learned -> {
      Map<String, Object> rounds = new LinkedHashMap<>();
      rounds.put("co_listening", spanned(learned.coListening()));
      rounds.put("scoring", spanned(learned.scoring()));
      rounds.put("song_buckets", learned.songBuckets());
      rounds.put("users_capped", learned.usersCapped());
      rounds.put("songs_with_neighbours", learned.songsWithNeighbours());
      performance.put("learned_rounds", rounds);
    });
    return performance;
  }

  private static Map<String, Object> spanned(CallTimes times) {
    Map<String, Object> spanned = new LinkedHashMap<>();
    spanned.put("span_seconds", times.spanSeconds());
    spanned.putAll(summed(times));
    return spanned;
  }

  private static Map<String, Object> summed(CallTimes times) {
    Map<String, Object> summed = new LinkedHashMap<>();
    summed.put("seconds", times.summedSeconds());
    summed.put("calls", times.calls());
    return summed;
  }

  /**
   * Plays per day in date order, then {@code unknown}: ISO dates sort as dates, and after
   * every digit comes a letter.
   */
  public static Map<String, Long> playsPerDay(PipelineResult result) {
    return new TreeMap<>(result.playCounts().getPlaysPerDayMap());
  }

  private static Map<String, Object> userBehavior(PipelineResult result) {
    List<Map<String, Object>> users = new ArrayList<>();
    for (UserStat stat : result.userStats().getUserStatsList()) {
      Map<String, Object> user = new LinkedHashMap<>();
      user.put("user_id", stat.getUserId());
      user.put("total_time", stat.getTotalTime());
      user.put("top_artist", stat.getTopArtist());
      users.add(user);
    }
    Map<String, Object> userBehavior = new LinkedHashMap<>();
    userBehavior.put("users", users);
    userBehavior.put("top_users", List.copyOf(result.userStats().getTopUsersList()));
    return userBehavior;
  }

  private static Map<String, Object> recommendations(PipelineResult result) {
    RecommendationResponse response = result.recommendations();
    Map<String, List<String>> byUser = new TreeMap<>();
    for (Map.Entry<String, SongKeys> entry : response.getRecommendationsMap().entrySet()) {
      byUser.put(entry.getKey(), List.copyOf(entry.getValue().getValuesList()));
    }
    Map<String, Object> recommendations = new LinkedHashMap<>();
    recommendations.put("model", result.recommender().modelName());
    recommendations.put("trending_songs", List.copyOf(response.getTrendingSongsList()));
    recommendations.put("recommendations", byUser);
    result.learned().ifPresent(learned -> recommendations.put("scored", scored(learned)));
    return recommendations;
  }

  /**
   * Each user's learned list in full: the songs with their scores, the played song that
   * contributed most ({@code because}, empty for songs from the recent ranking) and where
   * the list came from ({@code item-knn} or the {@code recent-popularity} fallback).
   */
  private static Map<String, Object> scored(LearnedRecommender.Result learned) {
    Map<String, Object> byUser = new LinkedHashMap<>();
    for (UserRecommendations user : learned.users()) {
      List<Map<String, Object>> songs = new ArrayList<>();
      for (ScoredSong song : user.getSongsList()) {
        Map<String, Object> scored = new LinkedHashMap<>();
        scored.put("song", song.getKey());
        scored.put("score", song.getScore());
        scored.put("because", song.getBecause());
        songs.add(scored);
      }
      Map<String, Object> list = new LinkedHashMap<>();
      list.put("source", user.getSource());
      list.put("songs", songs);
      byUser.put(user.getUserId(), list);
    }
    return byUser;
  }

  private static Map<String, Object> input(InputSummary input,
      InputFingerprint.Provenance provenance) {
    List<Map<String, Object>> rejections = new ArrayList<>();
    for (RejectedRow row : input.firstRejections()) {
      Map<String, Object> rejection = new LinkedHashMap<>();
      rejection.put("line", row.line());
      rejection.put("reason", row.reason());
      rejections.add(rejection);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("path", provenance.path().toString());
    provenance.file().ifPresent(file -> {
      document.put("size_bytes", file.sizeBytes());
      document.put("last_modified", file.lastModified().toString());
      document.put("crc32c", file.crc32c());
    });
    document.put("records_read", input.recordsRead());
    document.put("rows_rejected", input.rowsRejected());
    document.put("first_rejections", rejections);
    return document;
  }

  /** {@code keys} in their order, each with its count. */
  private static Map<String, Long> ordered(List<String> keys, Map<String, Long> counts) {
    Map<String, Long> ordered = new LinkedHashMap<>();
    for (String key : keys) {
      ordered.put(key, counts.get(key));
    }
    return ordered;
  }
}
