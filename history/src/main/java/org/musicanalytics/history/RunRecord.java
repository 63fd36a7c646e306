package org.musicanalytics.history;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the history keeps of one run: the run, every listed song's plays, genres, every
 * user's total time and top artist, top users, trending, recommendations and plays per day,
 * and the results document itself.
 *
 * @param runId the run's id
 * @param computedAt when the run ended, ISO-8601 UTC
 * @param target the target the run used
 * @param workflow how the stages were reached
 * @param input what was read
 * @param seconds per stage and in total, as the results file's {@code performance}
 * @param recordShards shards of records
 * @param userShards shards of users
 * @param songs songs by rank: every song of a live run, the top songs of an imported file
 * @param genres plays per genre, by rank
 * @param users every user, in the results file's order
 * @param topUsers user ids by rank
 * @param trending song keys by rank
 * @param recommendations per user, song keys by rank
 * @param playsPerDay plays per UTC day ({@code yyyy-MM-dd}, or {@code unknown})
 * @param resultsJson the results document as written
 */
public record RunRecord(String runId, String computedAt, String target, String workflow,
    Input input, StageSeconds seconds, int recordShards, int userShards,
    List<SongPlays> songs, Map<String, Long> genres, List<UserTotal> users,
    List<String> topUsers, List<String> trending, Map<String, List<String>> recommendations,
    Map<String, Long> playsPerDay, String resultsJson) {

  /** A song and its plays; the key is {@code "<artist> - <song_id>"}. */
  public record SongPlays(String key, long plays) {}

  /** A user's seconds listened and top artist. */
  public record UserTotal(String userId, long totalTime, String topArtist) {}

  /**
   * The input's provenance and counts, as the results file's {@code input}; size, time
   * and checksum are null for a pipe.
   */
  public record Input(String path, Long sizeBytes, String lastModified, String crc32c,
      long recordsRead, long rowsRejected) {}

  /** Seconds per stage (calls) and of the whole workflow. */
  public record StageSeconds(double mapReduce, double userBehavior, double genres,
      double recommendation, double total) {}

  /** This record with {@code songs} instead of its own (a live run's every song). */
  public RunRecord withSongs(List<SongPlays> allSongs) {
    return new RunRecord(runId, computedAt, target, workflow, input, seconds, recordShards,
        userShards, List.copyOf(allSongs), genres, users, topUsers, trending, recommendations,
        playsPerDay, resultsJson);
  }

  /**
   * The record of a results file's content; its songs are the file's top songs, and its
   * id the file's {@code run_id}, else {@link RunIds#forResults}.
   *
   * @throws IllegalArgumentException naming the key that is missing or of the wrong type
   */
  public static RunRecord fromResults(String resultsJson) {
    JsonObject document;
    try {
      JsonElement parsed = JsonParser.parseString(resultsJson);
      if (!parsed.isJsonObject()) {
        throw new IllegalArgumentException("the results are not a JSON object");
      }
      document = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("the results are not JSON: " + e.getMessage(), e);
    }
    try {
      return read(document, resultsJson);
    } catch (NullPointerException | IllegalStateException | ClassCastException
        | UnsupportedOperationException | NumberFormatException
        | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("the results file lacks a key of the results "
          + "format or has one of the wrong type (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
  }

  private static RunRecord read(JsonObject document, String json) {
    String runId = document.has("run_id") ? document.get("run_id").getAsString()
        : RunIds.forResults(document.get("computed_at").getAsString(), json);
    JsonObject performance = required(document, "performance");
    JsonObject shards = required(performance, "shards");
    StageSeconds seconds = new StageSeconds(
        performance.get("mapreduce_time").getAsDouble(),
        performance.get("userbehavior_time").getAsDouble(),
        performance.get("genre_time").getAsDouble(),
        performance.get("recommendation_time").getAsDouble(),
        performance.get("total_workflow_time").getAsDouble());
    JsonObject mapReduce = required(document, "mapreduce_results");
    List<SongPlays> songs = new ArrayList<>();
    required(mapReduce, "top_songs").entrySet().forEach(song ->
        songs.add(new SongPlays(song.getKey(), song.getValue().getAsLong())));
    Map<String, Long> days = counts(mapReduce.has("plays_per_day")
        ? mapReduce.getAsJsonObject("plays_per_day") : new JsonObject());
    JsonObject userBehavior = required(document, "userbehavior_results");
    List<UserTotal> users = new ArrayList<>();
    for (JsonElement element : userBehavior.getAsJsonArray("users")) {
      JsonObject user = element.getAsJsonObject();
      users.add(new UserTotal(user.get("user_id").getAsString(),
          user.get("total_time").getAsLong(), user.get("top_artist").getAsString()));
    }
    JsonObject genreResults = required(document, "genre_analysis_results");
    JsonObject recommendationResults = required(document, "recommendation_results");
    Map<String, List<String>> recommendations = new LinkedHashMap<>();
    required(recommendationResults, "recommendations").entrySet().forEach(entry ->
        recommendations.put(entry.getKey(), strings(entry.getValue())));
    JsonObject input = required(document, "input");
    return new RunRecord(runId, document.get("computed_at").getAsString(),
        document.get("target").getAsString(), document.get("workflow").getAsString(),
        new Input(input.get("path").getAsString(),
            input.has("size_bytes") ? input.get("size_bytes").getAsLong() : null,
            input.has("last_modified") ? input.get("last_modified").getAsString() : null,
            input.has("crc32c") ? input.get("crc32c").getAsString() : null,
            input.get("records_read").getAsLong(), input.get("rows_rejected").getAsLong()),
        seconds, shards.get("records").getAsInt(), shards.get("users").getAsInt(),
        songs, counts(required(genreResults, "genre_counts")), users,
        strings(userBehavior.get("top_users")),
        strings(recommendationResults.get("trending_songs")), recommendations, days, json);
  }

  private static JsonObject required(JsonObject object, String key) {
    if (!object.has(key)) {
      throw new IllegalArgumentException("the results file has no \"" + key + "\"");
    }
    return object.getAsJsonObject(key);
  }

  private static Map<String, Long> counts(JsonObject object) {
    Map<String, Long> counts = new LinkedHashMap<>();
    object.entrySet().forEach(entry -> counts.put(entry.getKey(),
        entry.getValue().getAsLong()));
    return counts;
  }

  private static List<String> strings(JsonElement array) {
    List<String> strings = new ArrayList<>();
    array.getAsJsonArray().forEach(element -> strings.add(element.getAsString()));
    return strings;
  }
}
