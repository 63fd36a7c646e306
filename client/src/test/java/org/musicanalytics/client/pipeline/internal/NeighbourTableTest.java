package org.musicanalytics.client.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.recommendation.learned.SongSimilarity;
import org.musicanalytics.proto.SongNeighbours;

/** {@link NeighbourTable}: its cuts are {@code SongSimilarity.forSongs}'s. */
class NeighbourTableTest {

  /** a: b, c; b: a; c: d; d: (none listed); e: a. Keys ascending, entries by song. */
  private static final SongNeighbours TABLE = SongNeighbours.newBuilder()
      .addAllSongKeys(List.of("a", "b", "c", "d", "e"))
      .addSongIndex(0).addNeighbourIndex(1).addSimilarity(0.5)
      .addSongIndex(0).addNeighbourIndex(2).addSimilarity(0.25)
      .addSongIndex(1).addNeighbourIndex(0).addSimilarity(0.5)
      .addSongIndex(2).addNeighbourIndex(3).addSimilarity(0.125)
      .addSongIndex(4).addNeighbourIndex(0).addSimilarity(0.75)
      .build();

  @Test
  void shouldCutWhatForSongsCuts() {
    NeighbourTable table = new NeighbourTable(TABLE);
    for (List<String> songs : List.of(List.of("a"), List.of("e", "c"), List.of("d"),
        List.of("b", "d", "e"), List.of("a", "b", "c", "d", "e"), List.<String>of())) {
      int[] rows = songs.stream().mapToInt(table::indexOf).toArray();
      assertThat(table.cut(rows, rows.length)).as("%s", songs)
          .isEqualTo(SongSimilarity.forSongs(TABLE, songs));
    }
  }

  @Test
  void shouldRejectEntriesNotBySong() {
    SongNeighbours unordered = TABLE.toBuilder().addSongIndex(1).addNeighbourIndex(2)
        .addSimilarity(0.1).build();
    assertThatThrownBy(() -> new NeighbourTable(unordered))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 5 is of song 1 after song 4");
  }
}
