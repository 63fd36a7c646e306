package org.musicanalytics.functions.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.counting.Plays.play;
import static org.musicanalytics.counting.Plays.plays;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.Song;
import org.musicanalytics.proto.StreamList;

class AggregateStreamTest {

  private final AggregateStream aggregateStream = new AggregateStream();

  @Test
  void shouldCountPlaysPerArtistAndSong() {
    PlayCounts counts = aggregateStream.apply(plays(
        play("U1", "S1", "Adele"),
        play("U2", "S1", "Adele"),
        play("U1", "S2", "Adele"),
        play("U3", "S1", "Drake")));

    assertThat(counts.getPlayCountsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Adele - S1", 2L, "Adele - S2", 1L, "Drake - S1", 1L));
    assertThat(counts.getProcessingTime()).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void shouldKeepTheArtistOfAKeyWhoseArtistContainsTheSeparator() {
    PlayCounts counts = aggregateStream.apply(plays(play("U1", "S9", "Earth - Wind")));

    assertThat(counts.getSongsMap()).containsExactly(Map.entry("Earth - Wind - S9",
        Song.newBuilder().setArtist("Earth - Wind").setSongId("S9").build()));
  }

  @Test
  void shouldReturnNoCountsForAnEmptyRequest() {
    PlayCounts counts = aggregateStream.apply(StreamList.getDefaultInstance());

    assertThat(counts.getPlayCountsMap()).isEmpty();
    assertThat(counts.getSongsMap()).isEmpty();
  }

  @Test
  void shouldCountASingleRecord() {
    PlayCounts counts = aggregateStream.apply(plays(play("U1", "S1", "Adele")));

    assertThat(counts.getPlayCountsMap()).containsExactly(Map.entry("Adele - S1", 1L));
  }

  @Test
  void shouldKeepNonAsciiNamesIntact() {
    PlayCounts counts = aggregateStream.apply(plays(
        play("ユーザー", "曲1", "Sigur Rós"), play("U2", "曲1", "Sigur Rós")));

    assertThat(counts.getPlayCountsMap()).containsExactly(Map.entry("Sigur Rós - 曲1", 2L));
  }

  @Test
  void shouldRejectAnInvalidRecordNamingItsIndex() {
    assertThatThrownBy(() -> aggregateStream.apply(plays(
        play("U1", "S1", "Adele"), play("U1", "S1", "Adele", -1, "Pop"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("records[1].duration");
  }
}
