package org.musicanalytics.client.evaluate.internal;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.musicanalytics.client.inprocess.InProcessStages;
import org.musicanalytics.client.pipeline.AnalyticsPipeline;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.client.pipeline.PipelineRun;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.run.Target;
import org.musicanalytics.client.run.internal.RunTarget;
import org.musicanalytics.counting.PlayDay;
import org.musicanalytics.counting.StreamRecords;
import org.musicanalytics.csv.InputException;
import org.musicanalytics.csv.StreamCsvReader;
import org.musicanalytics.csv.Utf8Row;

/**
 * An input split by time and the past trained on: the plays of the last {@code testDays}
 * UTC days are the future, the others the past, which goes through the run command's
 * {@link AnalyticsPipeline} on the in-process target while the input is read.
 *
 * <p>The input is read twice: once for its last day, then to split it. Rows the reader
 * rejects are left out as a run leaves them out; plays without a parsable date are counted
 * and left out of both sides.
 */
public final class TimeSplit {

  private final int firstDay;
  private final int firstTestDay;
  private final int lastDay;
  private long trainPlays;
  private long testPlays;
  private final long playsWithoutDate;
  private final Map<String, String> songKeys = new HashMap<>();
  private final Map<String, Map<String, Long>> pastPlays = new HashMap<>();
  private final Map<String, String> songArtists = new HashMap<>();
  private final Map<String, Set<String>> futureSongs = new HashMap<>();
  private final Map<String, Long> recentPlays = new HashMap<>();
  private final int firstRecentDay;
  private PipelineResult trained;

  private TimeSplit(int firstDay, int lastDay, int testDays, int recentDays,
      long playsWithoutDate) {
    this.firstDay = firstDay;
    this.lastDay = lastDay;
    this.firstTestDay = lastDay - testDays + 1;
    this.firstRecentDay = firstTestDay - recentDays;
    this.playsWithoutDate = playsWithoutDate;
  }

  /**
   * Reads and splits {@code input}, training on its past.
   *
   * @param recentDays the days at the end of the past that recent popularity counts
   * @throws InputException if the input cannot be read, has no play with a date, or spans
   *     no more than {@code testDays} days
   */
  public static TimeSplit read(Path input, int testDays, int recentDays) throws InputException {
    StreamCsvReader reader = StreamCsvReader.lenient();
    int[] span = {Integer.MAX_VALUE, Integer.MIN_VALUE};
    long[] withoutDate = {0};
    long read;
    try (StreamCsvReader.OpenedInput opened = reader.open(input)) {
      read = opened.readUtf8Rows(row -> {
        int day = day(row);
        if (day == PlayDay.UNKNOWN) {
          withoutDate[0]++;
        } else {
          span[0] = Math.min(span[0], day);
          span[1] = Math.max(span[1], day);
        }
      }).recordsRead();
    }
    if (read == 0) {
      throw new InputException("no valid plays in " + input);
    }
    if (span[1] == Integer.MIN_VALUE) {
      throw new InputException("no play in " + input + " has a timestamp with a date "
          + "(yyyy-MM-dd...): nothing to split by time");
    }
    int days = span[1] - span[0] + 1;
    if (days <= testDays) {
      throw new InputException(input + " spans " + days + (days == 1 ? " day" : " days")
          + " (" + PlayDay.key(span[0]) + " to " + PlayDay.key(span[1]) + "), not more than "
          + "--test-days " + testDays + ": no past is left to train on");
    }
    TimeSplit split = new TimeSplit(span[0], span[1], testDays, recentDays, withoutDate[0]);
    split.trainAndSplit(reader, input);
    return split;
  }

  private static int day(Utf8Row row) {
    return PlayDay.of(row.bytes(), row.start(Utf8Row.TIMESTAMP), row.length(Utf8Row.TIMESTAMP));
  }

  private void trainAndSplit(StreamCsvReader reader, Path input) throws InputException {
    InProcessStages stages = new InProcessStages();
    ShardBudget budget = ShardBudget.protobuf(ShardBudget.DEFAULT_OWN_HOST_BYTES);
    AnalyticsPipeline pipeline = new AnalyticsPipeline(stages, budget)
        .withConcurrency(RunTarget.defaultConcurrency(Target.INPROCESS, () -> budget));
    if (stages.servesFusedCall()) {
      pipeline = pipeline.withFusedStages(stages);
    }
    try (PipelineRun run = pipeline.start();
        StreamCsvReader.OpenedInput opened = reader.open(input)) {
      opened.readUtf8Rows(row -> {
        int day = day(row);
        if (day == PlayDay.UNKNOWN) {
          return;
        }
        String user = row.text(Utf8Row.USER_ID);
        String artist = row.text(Utf8Row.ARTIST);
        String song = songKeys.computeIfAbsent(StreamRecords.songKey(artist,
            row.text(Utf8Row.SONG_ID)), key -> {
              songArtists.put(key, artist);
              return key;
            });
        if (day < firstTestDay) {
          trainPlays++;
          run.accept(row);
          pastPlays.computeIfAbsent(user, u -> new HashMap<>()).merge(song, 1L, Long::sum);
          if (day >= firstRecentDay) {
            recentPlays.merge(song, 1L, Long::sum);
          }
        } else {
          testPlays++;
          futureSongs.computeIfAbsent(user, u -> new HashSet<>()).add(song);
        }
      });
      trained = run.finish();
    }
  }

  /** The pipeline's answers over the past. */
  public PipelineResult trained() {
    return trained;
  }

  /** Per user who played in the past, their plays per song (play-count key). */
  public Map<String, Map<String, Long>> pastPlays() {
    return pastPlays;
  }

  /** The artist of a song key seen in the input. */
  public String artist(String songKey) {
    return songArtists.get(songKey);
  }

  /** Per user who played in the future, the songs they played then. */
  public Map<String, Set<String>> futureSongs() {
    return futureSongs;
  }

  /** Plays per song in the last days of the past ({@code recentDays}). */
  public Map<String, Long> recentPlays() {
    return recentPlays;
  }

  /** Songs played in the past: the catalogue a recommender can choose from. */
  public int catalogueSongs() {
    return trained.playCounts().getPlayCountsCount();
  }

  public String firstDay() {
    return PlayDay.key(firstDay);
  }

  public String lastTrainDay() {
    return PlayDay.key(firstTestDay - 1);
  }

  public String firstTestDay() {
    return PlayDay.key(firstTestDay);
  }

  public String lastDay() {
    return PlayDay.key(lastDay);
  }

  /** The first day recent popularity counts. */
  public LocalDate firstRecentDay() {
    return LocalDate.ofEpochDay(Math.max(firstDay, firstRecentDay));
  }

  public long trainPlays() {
    return trainPlays;
  }

  public long testPlays() {
    return testPlays;
  }

  public long playsWithoutDate() {
    return playsWithoutDate;
  }
}
