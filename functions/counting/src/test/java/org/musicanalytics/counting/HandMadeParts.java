package org.musicanalytics.counting;

import java.util.Map;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.Song;

/**
 * Test fixture: parts of a merge made by hand, as another client or host could send them,
 * where this project's stages never would.
 */
public final class HandMadeParts {

  /** The parts of the key {@code "A - S1"}. */
  public static final Song A_S1 = Song.newBuilder().setArtist("A").setSongId("S1").build();
  /** Parts that make no key below. */
  public static final Song X_Y = Song.newBuilder().setArtist("X").setSongId("Y").build();

  private HandMadeParts() {}

  /**
   * Play counts with one key made of its parts ({@code "A - S1"}: 2) and the others not:
   * a key under parts that do not make it ({@code "not made of its parts"}: 3), a key
   * without parts ({@code "no parts"}: 4) and parts without plays ({@code "no plays"}).
   */
  public static PlayCounts playCountsByKey() {
    return PlayCounts.newBuilder()
        .putPlayCounts("A - S1", 2).putSongs("A - S1", A_S1)
        .putPlayCounts("not made of its parts", 3).putSongs("not made of its parts", X_Y)
        .putPlayCounts("no parts", 4)
        .putSongs("no plays", A_S1)
        .build();
  }

  /** The counts of one user's plays per artist, as {@code analyzeShard} would answer. */
  public static ShardCounts userCounts(String user, long seconds, Map<String, Long> plays) {
    ShardCounts.Builder counts = ShardCounts.newBuilder().addUserIds(user)
        .addUserSeconds(seconds);
    plays.forEach((artist, count) -> counts.addArtists(artist).addPairUserIndex(0)
        .addPairArtistIndex(counts.getArtistsCount() - 1).addPairPlays(count));
    return counts.build();
  }
}
