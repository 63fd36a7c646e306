// bench/HistoryWrite.java: a benchmark program, run from source (not part of any module).
import java.time.Instant;
import java.util.*;
import java.sql.*;
import org.musicanalytics.history.*;

/**
 * The history's write alone, the size of a 10M-row run's (200,000 songs, 50,000 users, five
 * recommendations each, in user order as a results file has them): opens the store
 * (migrating it), then writes and commits {@code count} runs, one after another, printing
 * the seconds of each. The third argument, if any, is SQL run on the store after it is
 * opened (statements separated by semicolons), to try a schema changed by hand.
 *
 * <pre>
 * java -cp client/target/music-analytics.jar bench/HistoryWrite.java JDBC_URL COUNT [SQL]
 * </pre>
 */
public class HistoryWrite {
  public static void main(String[] a) throws Exception {
    String url = a[0];
    int reps = Integer.parseInt(a[1]);
    String alter = a.length > 2 ? a[2] : null;
    long t0 = System.nanoTime();
    HistoryStore store = HistoryStore.open(url);
    long t1 = System.nanoTime();
    System.out.printf("open %.2f s%n", (t1 - t0) / 1e9);
    if (alter != null) {
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        for (String sql : alter.split(";")) if (!sql.isBlank()) s.execute(sql);
      }
    }
    for (int r = 0; r < reps; r++) {
      RunRecord run = run("20261203T170000.000Z-" + String.format("%06d", r + (int) (System.nanoTime() % 100000) * 10), 50_000, 200_000, r);
      long w0 = System.nanoTime();
      try (PendingRun p = store.write(run)) {
        long w1 = System.nanoTime();
        p.commit();
        long w2 = System.nanoTime();
        System.out.printf("write %.2f s commit %.2f s%n", (w1 - w0) / 1e9, (w2 - w1) / 1e9);
      }
    }
  }

  static RunRecord run(String runId, int users, int songs, long seed) {
    Random random = new Random(seed);
    List<RunRecord.SongPlays> songList = new ArrayList<>();
    long plays = 1_000_000;
    for (int i = 0; i < songs; i++) {
      plays = Math.max(1, plays - random.nextInt(10));
      songList.add(new RunRecord.SongPlays(String.format("S%06d", random.nextInt(songs)) + "|Artist " + random.nextInt(25000), plays));
    }
    List<RunRecord.UserTotal> userList = new ArrayList<>();
    Map<String, List<String>> recommendations = new TreeMap<>();
    for (int i = 0; i < users; i++) {
      String user = "U" + random.nextInt(100000) + "_" + i;
      userList.add(new RunRecord.UserTotal(user, random.nextInt(100_000), "Artist " + random.nextInt(25000)));
    }
    for (int i = 0; i < users; i++) {
      List<String> recs = new ArrayList<>();
      for (int k = 0; k < 5; k++) recs.add(songList.get(random.nextInt(songs)).key());
      recommendations.put(userList.get(random.nextInt(users)).userId() + "#" + i, recs);
    }
    Map<String, Long> genres = new LinkedHashMap<>();
    for (int g = 0; g < 20; g++) genres.put("G" + g, 500L + g);
    Map<String, Long> days = new LinkedHashMap<>();
    for (int d = 1; d <= 7; d++) days.put("2025-11-0" + d, 100L + d);
    return new RunRecord(runId, Instant.now().toString(), "embedded", "grpc",
        new RunRecord.Input("/data/plays.csv", 1234L, "2025-11-05T10:53:00Z", "0a1b2c3d", 10_000, 2),
        new RunRecord.StageSeconds(0.5, 0.25, 0.125, 0.0625, 1.0), 3, 2, songList, genres,
        userList, List.of("U1", "U0"), List.of(songList.get(0).key()), recommendations, days,
        "{\"run_id\":\"" + runId + "\"}");
  }
}
