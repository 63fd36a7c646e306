package org.musicanalytics.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test fixture: seeded runs of any size, as the history records them. */
public final class Runs {

  private Runs() {}

  /** A run of {@code users} users and {@code songs} songs, drawn from {@code seed}. */
  public static RunRecord run(String runId, Instant computedAt, int users, int songs,
      long seed) {
    Random random = new Random(seed);
    List<RunRecord.SongPlays> songList = new ArrayList<>();
    long plays = 1_000_000;
    for (int i = 0; i < songs; i++) {
      plays = Math.max(1, plays - random.nextInt(100));
      songList.add(new RunRecord.SongPlays("Artist " + random.nextInt(songs) + " - S" + i,
          plays));
    }
    List<RunRecord.UserTotal> userList = new ArrayList<>();
    Map<String, List<String>> recommendations = new LinkedHashMap<>();
    for (int i = 0; i < users; i++) {
      String user = "U" + i;
      userList.add(new RunRecord.UserTotal(user, random.nextInt(100_000),
          "Artist " + random.nextInt(50)));
      recommendations.put(user, List.of(songList.get(random.nextInt(songs)).key(),
          songList.get(random.nextInt(songs)).key()));
    }
    Map<String, Long> genres = new LinkedHashMap<>();
    genres.put("Pop", 500L + random.nextInt(100));
    genres.put("Rock", 300L + random.nextInt(100));
    genres.put("", 10L);
    Map<String, Long> days = new LinkedHashMap<>();
    days.put("2025-11-01", 100L + random.nextInt(10));
    days.put("2025-11-02", 200L);
    days.put("unknown", 3L);
    return new RunRecord(runId, computedAt.toString(), "embedded", "grpc",
        new RunRecord.Input("/data/plays.csv", 1234L, "2025-11-05T10:53:00Z", "0a1b2c3d",
            10_000, 2),
        new RunRecord.StageSeconds(0.5, 0.25, 0.125, 0.0625, 1.0), 3, 2, songList, genres,
        userList, List.of("U1", "U0"), List.of(songList.get(0).key()), recommendations, days,
        "{\"run_id\":\"" + runId + "\"}");
  }
}
