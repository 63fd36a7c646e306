package org.musicanalytics.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run as its charts show it: the top songs, genres, plays per day, a histogram of the
 * users' listening time, the top users and trending songs. The dashboard serves it and the
 * report page inlines it, so both draw the same charts from the same data.
 */
public final class RunView {

  /** Bars of the listening-time histogram. */
  public static final int HISTOGRAM_BINS = 20;

  private RunView() {}

  /** The view of a run being recorded. */
  public static Map<String, Object> of(RunRecord run) {
    Map<String, Long> times = times(run.users());
    return view(run.runId(), run.computedAt(), run.target(), run.input().path(),
        run.input().recordsRead(), run.input().rowsRejected(), run.seconds().total(),
        run.songs().subList(0, Math.min(RunComparison.TOP, run.songs().size())),
        run.genres(), run.playsPerDay(), histogram(times.values()),
        topUsers(times, run.topUsers()), run.trending());
  }

  /** The view of a recorded run. */
  public static Map<String, Object> of(HistoryStore store, RunSummary run) {
    String id = run.runId();
    Map<String, Long> times = times(store.users(id, 0, Integer.MAX_VALUE));
    return view(id, run.computedAt(), run.target(), run.inputPath(), run.recordsRead(),
        run.rowsRejected(), run.seconds().total(), store.songs(id, 0, RunComparison.TOP),
        store.genres(id), store.playsPerDay(id), histogram(times.values()),
        topUsers(times, store.topUsers(id)), store.trending(id));
  }

  /** Each user's total time, in the users' order. */
  private static Map<String, Long> times(List<RunRecord.UserTotal> users) {
    Map<String, Long> times = new LinkedHashMap<>();
    users.forEach(user -> times.put(user.userId(), user.totalTime()));
    return times;
  }

  /** The top users with their total times (the times of a run's users, looked up here). */
  private static List<Map<String, Object>> topUsers(Map<String, Long> times,
      List<String> top) {
    List<Map<String, Object>> topUsers = new ArrayList<>();
    for (String user : top) {
      topUsers.add(Map.of("user_id", user, "total_time", times.getOrDefault(user, 0L)));
    }
    return topUsers;
  }

  private static Map<String, Object> view(String runId, String computedAt, String target,
      String input, long recordsRead, long rowsRejected, double pipelineSeconds,
      List<RunRecord.SongPlays> topSongs, Map<String, Long> genres,
      Map<String, Long> playsPerDay, Map<String, Object> histogram,
      List<Map<String, Object>> topUsers, List<String> trending) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("run_id", runId);
    view.put("computed_at", computedAt);
    view.put("target", target);
    view.put("input", input);
    view.put("records_read", recordsRead);
    view.put("rows_rejected", rowsRejected);
    view.put("pipeline_seconds", pipelineSeconds);
    List<Map<String, Object>> songs = new ArrayList<>();
    topSongs.forEach(song -> songs.add(Map.of("key", song.key(), "plays", song.plays())));
    view.put("top_songs", songs);
    view.put("genres", genres);
    view.put("plays_per_day", new java.util.TreeMap<>(playsPerDay));
    view.put("listening_histogram", histogram);
    view.put("top_users", topUsers);
    view.put("trending", trending);
    return view;
  }

  /**
   * Users per range of seconds listened: {@link #HISTOGRAM_BINS} equal ranges from 0 to the
   * largest total, as {@code {"bin_seconds": width, "counts": [...]}}.
   */
  static Map<String, Object> histogram(Iterable<Long> totals) {
    long max = 0;
    for (long total : totals) {
      max = Math.max(max, total);
    }
    long width = Math.max(1, (max + HISTOGRAM_BINS) / HISTOGRAM_BINS);
    long[] counts = new long[HISTOGRAM_BINS];
    for (long total : totals) {
      counts[(int) Math.min(HISTOGRAM_BINS - 1, total / width)]++;
    }
    List<Long> list = new ArrayList<>();
    for (long count : counts) {
      list.add(count);
    }
    return Map.of("bin_seconds", width, "counts", list);
  }
}
