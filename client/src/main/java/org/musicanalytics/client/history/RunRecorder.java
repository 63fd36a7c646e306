package org.musicanalytics.client.history;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.musicanalytics.client.pipeline.PipelineResult;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.history.HistoryException;
import org.musicanalytics.history.HistoryStore;
import org.musicanalytics.history.RunRecord;

/**
 * Records a completed run in the history, after its results file is written: the file's
 * content, with every song's plays (the file lists the top ten).
 */
public final class RunRecorder {

  /** The exit code of a run whose results are written but whose recording failed. */
  public static final int HISTORY_FAILED = 3;

  private RunRecorder() {}

  /**
   * What the history keeps of the run whose results file holds {@code resultsJson}: its
   * id is the file's {@code run_id}, else one made from the results
   * ({@code RunIds.forResults}), and its songs are every song of {@code result}.
   */
  public static RunRecord runRecord(String resultsJson, PipelineResult result) {
    return RunRecord.fromResults(resultsJson)
        .withSongs(allSongs(result.playCounts().getPlayCountsMap()));
  }

  /**
   * Records {@code run} in the store at {@code storeUrl}.
   *
   * @param err where a failure is reported, in one line naming the store and the cause
   * @return 0, or {@link #HISTORY_FAILED}
   */
  public static int record(String storeUrl, RunRecord run, PrintWriter err) {
    try {
      HistoryStore.open(storeUrl).record(run);
      return 0;
    } catch (HistoryException e) {
      err.println("music-analytics run: results written, but not recorded: " + e.getMessage());
      err.flush();
      return HISTORY_FAILED;
    }
  }

  private static List<RunRecord.SongPlays> allSongs(Map<String, Long> plays) {
    List<RunRecord.SongPlays> songs = new ArrayList<>(plays.size());
    for (String key : Ranking.rank(plays)) {
      songs.add(new RunRecord.SongPlays(key, plays.get(key)));
    }
    return songs;
  }
}
