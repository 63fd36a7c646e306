package org.musicanalytics.functions.mapreduce;

import java.util.HashMap;
import java.util.Map;
import org.musicanalytics.counting.CountedPlays;
import org.musicanalytics.counting.CountsAnswer;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.proto.GenreAnalysisResponse;

/**
 * The {@code analyzeGenres} answer: plays per genre and every genre ranked by plays, then
 * name; from counted plays or merged from two answers.
 */
public final class GenreAnswer implements CountsAnswer<GenreAnalysisResponse.Builder> {

  /** Plays per genre, ranked; no processing time. */
  @Override
  public GenreAnalysisResponse.Builder answer(CountedPlays counts) {
    Map<String, Long> plays = new HashMap<>(counts.genreCount() * 2);
    for (int genre = 0; genre < counts.genreCount(); genre++) {
      plays.put(counts.genre(genre), counts.genrePlays(genre));
    }
    return ranked(plays);
  }

  /** A finished answer for {@code counts}: every genre ranked by plays, then name. */
  public static GenreAnalysisResponse.Builder ranked(Map<String, Long> counts) {
    return GenreAnalysisResponse.newBuilder()
        .putAllGenreCounts(counts)
        .addAllTopGenres(Ranking.rank(counts));
  }

  /** Two answers merged: counts add; the ranking is recomputed. */
  public static GenreAnalysisResponse merge(GenreAnalysisResponse a, GenreAnalysisResponse b) {
    Map<String, Long> counts = new HashMap<>(a.getGenreCountsMap());
    b.getGenreCountsMap().forEach((genre, plays) -> counts.merge(genre, plays, Math::addExact));
    return ranked(counts)
        .setProcessingTime(a.getProcessingTime() + b.getProcessingTime())
        .build();
  }
}
