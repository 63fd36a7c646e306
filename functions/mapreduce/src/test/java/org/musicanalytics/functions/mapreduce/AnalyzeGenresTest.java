package org.musicanalytics.functions.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.counting.Plays.play;
import static org.musicanalytics.counting.Plays.plays;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.StreamList;

class AnalyzeGenresTest {

  private final AnalyzeGenres analyzeGenres = new AnalyzeGenres();

  @Test
  void shouldCountPlaysPerGenreAndRankEveryGenre() {
    GenreAnalysisResponse response = analyzeGenres.apply(plays(
        play("U1", "S1", "A", 100, "Rock"),
        play("U2", "S2", "B", 100, "Pop"),
        play("U3", "S3", "C", 100, "Rock"),
        play("U4", "S4", "D", 100, "Jazz"),
        play("U5", "S5", "E", 100, "Blues"),
        play("U6", "S6", "F", 100, "Soul"),
        play("U7", "S7", "G", 100, "Funk")));

    assertThat(response.getGenreCountsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Rock", 2L, "Pop", 1L, "Jazz", 1L, "Blues", 1L, "Soul", 1L, "Funk", 1L));
    // All genres, not only five; ties by name ascending.
    assertThat(response.getTopGenresList())
        .containsExactly("Rock", "Blues", "Funk", "Jazz", "Pop", "Soul");
  }

  @Test
  void shouldBreakTiesByNameWhateverTheInputOrder() {
    GenreAnalysisResponse forward = analyzeGenres.apply(plays(
        play("U1", "S1", "A", 1, "Pop"), play("U1", "S1", "A", 1, "Hip-Hop")));
    GenreAnalysisResponse backward = analyzeGenres.apply(plays(
        play("U1", "S1", "A", 1, "Hip-Hop"), play("U1", "S1", "A", 1, "Pop")));

    assertThat(forward.getTopGenresList()).containsExactly("Hip-Hop", "Pop");
    assertThat(backward.getTopGenresList()).isEqualTo(forward.getTopGenresList());
  }

  @Test
  void shouldCountRecordsWithoutAGenreUnderTheEmptyGenre() {
    GenreAnalysisResponse response = analyzeGenres.apply(plays(
        play("U1", "S1", "A", 1, ""), play("U1", "S1", "A", 1, "Pop"),
        play("U2", "S1", "A", 1, "")));

    assertThat(response.getGenreCountsMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("", 2L, "Pop", 1L));
    assertThat(response.getTopGenresList()).containsExactly("", "Pop");
  }

  @Test
  void shouldReturnNothingForAnEmptyRequest() {
    GenreAnalysisResponse response = analyzeGenres.apply(StreamList.getDefaultInstance());

    assertThat(response.getGenreCountsMap()).isEmpty();
    assertThat(response.getTopGenresList()).isEmpty();
  }

  @Test
  void shouldCountASingleNonAsciiGenre() {
    GenreAnalysisResponse response = analyzeGenres.apply(plays(
        play("U1", "S1", "Björk", 1, "Électronique")));

    assertThat(response.getGenreCountsMap()).containsExactly(Map.entry("Électronique", 1L));
    assertThat(response.getTopGenresList()).containsExactly("Électronique");
  }

  @Test
  void shouldRejectAnEmptyUserId() {
    assertThatThrownBy(() -> analyzeGenres.apply(plays(play("", "S1", "A"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("records[0].user_id must not be empty");
  }
}
