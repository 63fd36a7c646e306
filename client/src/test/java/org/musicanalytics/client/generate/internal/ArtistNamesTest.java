package org.musicanalytics.client.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArtistNamesTest {

  @Test
  void shouldNeverRepeatANameInALargeCatalog() {
    // 200,000 artists: past the plain persons, bands and middle initials.
    Set<String> names = new HashSet<>();
    for (ArtistNames.Named named : ArtistNames.WELL_KNOWN) {
      names.add(named.name());
    }
    for (ArtistNames.Named named : ArtistNames.AWKWARD) {
      names.add(named.name());
    }
    int fixed = names.size();
    for (int i = 0; i < 200_000; i++) {
      String name = ArtistNames.madeUp(i);
      assertThat(name).doesNotContain(",", "\"", " - ").isNotBlank();
      assertThat(names.add(name)).as("name %d: %s", i, name).isTrue();
    }
    assertThat(names).hasSize(fixed + 200_000);
  }

  @Test
  void shouldPlaceEveryFixedNameAmongTheFirstHundredArtists() {
    Set<String> placed = new HashSet<>();
    assertThat(ArtistNames.FIXED_RANKS).isLessThanOrEqualTo(100);
    for (int rank = 0; rank < ArtistNames.FIXED_RANKS; rank++) {
      ArtistNames.Named named = ArtistNames.fixed(rank);
      if (named != null) {
        placed.add(named.name());
        assertThat(Genres.NAMES).contains(named.genre());
      }
    }
    assertThat(placed).hasSize(ArtistNames.WELL_KNOWN.size() + ArtistNames.AWKWARD.size());
    assertThat(placed).anyMatch(name -> name.contains(","))
        .anyMatch(name -> name.contains("\""))
        .anyMatch(name -> name.contains(" - "))
        .anyMatch(name -> !name.chars().allMatch(c -> c < 128));
  }
}
