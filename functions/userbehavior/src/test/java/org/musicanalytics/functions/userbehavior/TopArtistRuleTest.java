package org.musicanalytics.functions.userbehavior;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.Plays;
import org.musicanalytics.proto.UserStatsList;

class TopArtistRuleTest {

  @Test
  void shouldPickTheMostPlayedArtistTiesByName() {
    assertThat(TopArtistRule.of(Map.of("Zedd", 2L, "Adele", 1L))).isEqualTo("Zedd");
    assertThat(TopArtistRule.of(Map.of("Zedd", 1L, "Adele", 1L, "A - B", 1L)))
        .isEqualTo("A - B");
    assertThat(TopArtistRule.of(Map.of())).isEmpty();
  }

  @Test
  void shouldPickByIdAsItPicksByName() {
    // "A - B" gets the smaller id, "A" the smaller name.
    UserStatsList users = new AnalyzeUsers().apply(Plays.twoSongsBehindOneKey());

    assertThat(users.getUserStats(0).getTotalTime()).isEqualTo(300);
    assertThat(users.getUserStats(0).getTopArtist()).isEqualTo("A")
        .isEqualTo(TopArtistRule.of(users.getUserStats(0).getArtistPlaysMap()));
    assertThat(users.getTopUsersList()).containsExactly("u1", "u2");
  }
}
