package org.musicanalytics.client.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CatalogTest {

  private static Catalog catalog(int users, int songs, long seed) {
    return Catalog.create(new DatasetShape(0, seed, users, songs, 7, LocalDate.of(2025, 11, 5)));
  }

  @Test
  void shouldGiveEveryArtistASongAndNoArtistTooMany() {
    Catalog catalog = catalog(10, 80_000, 3);
    assertThat(catalog.artistCount()).isEqualTo(10_000);
    int[] songsPerArtist = new int[catalog.artistCount()];
    for (int song = 0; song < catalog.songCount(); song++) {
      songsPerArtist[catalog.songArtist(song)]++;
      assertThat(catalog.songSeconds(song)).isBetween(120, 420);
    }
    for (int count : songsPerArtist) {
      assertThat(count).isBetween(1, 200);
    }
  }

  @Test
  void shouldBuildTheSameCatalogFromTheSameSeed() {
    Catalog one = catalog(100, 1000, 9);
    Catalog two = catalog(100, 1000, 9);
    Catalog other = catalog(100, 1000, 10);
    boolean differs = false;
    for (int song = 0; song < 1000; song++) {
      assertThat(two.songArtist(song)).isEqualTo(one.songArtist(song));
      assertThat(two.songSeconds(song)).isEqualTo(one.songSeconds(song));
      differs |= other.songArtist(song) != one.songArtist(song);
    }
    for (int artist = 0; artist < one.artistCount(); artist++) {
      assertThat(two.artistGenre(artist)).isEqualTo(one.artistGenre(artist));
    }
    assertThat(differs).isTrue();
  }

  @Test
  void shouldHaveNoMoreArtistsThanSongs() {
    assertThat(Catalog.artistCount(1)).isEqualTo(1);
    assertThat(Catalog.artistCount(20)).isEqualTo(20);
    assertThat(Catalog.artistCount(100)).isEqualTo(25);
    assertThat(Catalog.artistCount(200_000)).isEqualTo(25_000);
    assertThat(catalog(1, 1, 1).artistName(0)).isEqualTo("Drake");
  }
}
