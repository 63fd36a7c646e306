package org.musicanalytics.dashboard.internal;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.musicanalytics.history.HistoryStore;
import org.musicanalytics.history.RunComparison;
import org.musicanalytics.history.RunRecord;
import org.musicanalytics.history.RunSummary;
import org.musicanalytics.history.RunView;

/** The read-only part of the REST API: runs, one run, its songs and users, comparisons. */
public final class ReadApi {

  /** The largest page a list answers. */
  public static final int MAX_LIMIT = 1000;

  private final HistoryStore store;

  public ReadApi(HistoryStore store) {
    this.store = store;
  }

  /** {@code GET /api/runs}: runs newest first, paged. */
  public Object runs(Context ctx) {
    int offset = intParam(ctx, "offset", 0);
    int limit = intParam(ctx, "limit", 100);
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("total", store.runCount());
    page.put("offset", offset);
    page.put("runs", store.runs(offset, limit));
    return page;
  }

  /** {@code GET /api/runs/{id}}: the run and its charts' data ({@link RunView}). */
  public Object run(Context ctx) {
    return RunView.of(store, summary(ctx.pathParam("id")));
  }

  /** {@code GET /api/runs/{id}/songs}: songs by rank, paged. */
  public Object songs(Context ctx) {
    RunSummary run = summary(ctx.pathParam("id"));
    int offset = intParam(ctx, "offset", 0);
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("total", run.songCount());
    page.put("offset", offset);
    page.put("songs", store.songs(run.runId(), offset, intParam(ctx, "limit", 100)));
    return page;
  }

  /** {@code GET /api/runs/{id}/users}: users in the results' order, paged. */
  public Object users(Context ctx) {
    RunSummary run = summary(ctx.pathParam("id"));
    int offset = intParam(ctx, "offset", 0);
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("total", run.userCount());
    page.put("offset", offset);
    page.put("users", store.users(run.runId(), offset, intParam(ctx, "limit", 100)));
    return page;
  }

  /** {@code GET /api/runs/{id}/users/{user}}: one user and its recommendations. */
  public Object user(Context ctx) {
    RunSummary run = summary(ctx.pathParam("id"));
    String userId = ctx.pathParam("user");
    RunRecord.UserTotal user = store.user(run.runId(), userId).orElseThrow(() ->
        ApiError.notFound("no user " + userId + " in run " + run.runId()));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("user_id", user.userId());
    answer.put("total_time", user.totalTime());
    answer.put("top_artist", user.topArtist());
    answer.put("recommendations", store.recommendations(run.runId(), userId));
    return answer;
  }

  /** {@code GET /api/compare?from=ID1&to=ID2}. */
  public Object compare(Context ctx) {
    String from = required(ctx, "from");
    String to = required(ctx, "to");
    try {
      return RunComparison.of(store, from, to);
    } catch (NoSuchElementException e) {
      throw ApiError.notFound(e.getMessage());
    }
  }

  private RunSummary summary(String runId) {
    return store.run(runId).orElseThrow(() -> ApiError.notFound("no run " + runId
        + " in the history"));
  }

  private static String required(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      throw ApiError.badRequest("query parameter " + name + " is required");
    }
    return value;
  }

  /** A paging parameter: a whole number from 0 ({@code limit}: from 1 to the maximum). */
  static int intParam(Context ctx, String name, int otherwise) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return otherwise;
    }
    int min = name.equals("limit") ? 1 : 0;
    int max = name.equals("limit") ? MAX_LIMIT : Integer.MAX_VALUE;
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Reported below, as an out-of-range number is.
    }
    throw ApiError.badRequest("query parameter " + name + " must be a whole number from "
        + min + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ", not '"
        + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
  }
}
