package org.musicanalytics.counting;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.musicanalytics.proto.Song;

/**
 * Test fixture: everything a {@link CountsAnswer} can read of counted plays, by name instead
 * of by id, so that the counts of different passes and merges compare with {@code equals}.
 *
 * @param songPlays plays per (artist, song id)
 * @param userSeconds seconds per user, for every user with an id
 * @param userArtistPlays plays per (user, artist)
 * @param genrePlays plays per genre, for every genre with an id
 * @param topArtistsAsSent per user, the top artist an answer it came whole in gave
 * @param keyOnlyPlays plays merged by key only
 * @param keyOnlySongs parts merged by key only
 * @param playsPerDay plays per day key ({@link PlayDay#key})
 */
public record CountsSnapshot(Map<List<String>, Long> songPlays, Map<String, Long> userSeconds,
    Map<List<String>, Long> userArtistPlays, Map<String, Long> genrePlays,
    Map<String, String> topArtistsAsSent, Map<String, Long> keyOnlyPlays,
    Map<String, Set<Song>> keyOnlySongs, Map<String, Long> playsPerDay) {

  /** The answer that takes a snapshot. */
  public static final CountsAnswer<CountsSnapshot> ANSWER = CountsSnapshot::of;

  /** A snapshot of {@code counts}. */
  public static CountsSnapshot of(CountedPlays counts) {
    Map<List<String>, Long> songPlays = new HashMap<>();
    counts.forEachSong((artist, songId, plays) -> songPlays.put(
        List.of(counts.artist(artist), counts.songId(songId)), plays));
    Map<String, Long> userSeconds = new HashMap<>();
    Map<String, String> topArtistsAsSent = new HashMap<>();
    for (int user = 0; user < counts.userCount(); user++) {
      userSeconds.put(counts.user(user), counts.userSeconds(user));
      if (counts.topArtistAsSent(user) >= 0) {
        topArtistsAsSent.put(counts.user(user), counts.artist(counts.topArtistAsSent(user)));
      }
    }
    Map<List<String>, Long> userArtistPlays = new HashMap<>();
    counts.forEachUserArtist((user, artist, plays) -> userArtistPlays.put(
        List.of(counts.user(user), counts.artist(artist)), plays));
    Map<String, Long> genrePlays = new HashMap<>();
    for (int genre = 0; genre < counts.genreCount(); genre++) {
      genrePlays.put(counts.genre(genre), counts.genrePlays(genre));
    }
    Map<String, Long> keyOnlyPlays = new HashMap<>();
    counts.forEachKeyOnlyPlays(keyOnlyPlays::put);
    Map<String, Set<Song>> keyOnlySongs = new HashMap<>();
    counts.forEachKeyOnlySong((key, song) -> keyOnlySongs.computeIfAbsent(key,
        k -> new HashSet<>()).add(song));
    Map<String, Long> playsPerDay = new HashMap<>();
    counts.forEachDay((day, plays) -> playsPerDay.put(PlayDay.key(day), plays));
    if (counts.unknownDayPlays() != 0) {
      playsPerDay.put(PlayDay.UNKNOWN_KEY, counts.unknownDayPlays());
    }
    assertCounted(songPlays.size() == counts.songCount()
        && userArtistPlays.size() == counts.userArtistCount());
    return new CountsSnapshot(songPlays, userSeconds, userArtistPlays, genrePlays,
        topArtistsAsSent, keyOnlyPlays, keyOnlySongs, playsPerDay);
  }

  private static void assertCounted(boolean eachPairOnce) {
    if (!eachPairOnce) {
      throw new AssertionError("a pair of ids was visited more or less than once");
    }
  }
}
