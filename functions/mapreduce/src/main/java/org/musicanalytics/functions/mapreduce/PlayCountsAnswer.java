package org.musicanalytics.functions.mapreduce;

import java.util.HashMap;
import java.util.Map;
import org.musicanalytics.counting.CountedPlays;
import org.musicanalytics.counting.CountsAnswer;
import org.musicanalytics.counting.PlayDay;
import org.musicanalytics.counting.StreamRecords;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.Song;

/**
 * The {@code aggregateStream} answer: plays per song key {@code "<artist> - <song_id>"},
 * with every key's artist and song id carried alongside, and plays per day, from counted
 * plays or merged from two answers.
 *
 * <p>Two songs can share one key (artist "A - B" with song "S" and artist "A" with song
 * "B - S" both make "A - B - S"): their plays add up under it, and the key keeps the parts
 * {@link #canonicalSong} picks, whatever the order of the plays or of the merges.
 */
public final class PlayCountsAnswer implements CountsAnswer<PlayCounts.Builder> {

  /** Plays per song key, with every key's parts; no processing time. */
  @Override
  public PlayCounts.Builder answer(CountedPlays counts) {
    int capacity = counts.songCount() * 4 / 3 + 1;
    Map<String, Long> plays = new HashMap<>(capacity);
    Map<String, Song> songs = new HashMap<>(capacity);
    counts.forEachSong((artistId, songIdId, count) -> {
      String artist = counts.artist(artistId);
      String songId = counts.songId(songIdId);
      String key = StreamRecords.songKey(artist, songId);
      plays.merge(key, count, Math::addExact);
      songs.merge(key, Song.newBuilder().setArtist(artist).setSongId(songId).build(),
          PlayCountsAnswer::canonicalSong);
    });
    counts.forEachKeyOnlyPlays((key, count) -> plays.merge(key, count, Math::addExact));
    counts.forEachKeyOnlySong((key, song) -> songs.merge(key, song,
        PlayCountsAnswer::canonicalSong));
    Map<String, Long> days = new HashMap<>();
    counts.forEachDay((day, count) -> days.put(PlayDay.key(day), count));
    if (counts.unknownDayPlays() > 0) {
      days.put(PlayDay.UNKNOWN_KEY, counts.unknownDayPlays());
    }
    return PlayCounts.newBuilder().putAllPlayCounts(plays).putAllSongs(songs)
        .putAllPlaysPerDay(days);
  }

  /**
   * Of two songs behind one key (artist "A - B" with song "S" and artist "A" with song
   * "B - S" share the key "A - B - S"), the one every merge order keeps.
   */
  public static Song canonicalSong(Song a, Song b) {
    int byArtist = a.getArtist().compareTo(b.getArtist());
    if (byArtist != 0) {
      return byArtist < 0 ? a : b;
    }
    return a.getSongId().compareTo(b.getSongId()) <= 0 ? a : b;
  }

  /** Two answers merged: counts add; every key keeps its parts. */
  public static PlayCounts merge(PlayCounts a, PlayCounts b) {
    Map<String, Long> counts = new HashMap<>(a.getPlayCountsMap());
    b.getPlayCountsMap().forEach((key, plays) -> counts.merge(key, plays, Math::addExact));
    Map<String, Song> songs = new HashMap<>(a.getSongsMap());
    b.getSongsMap().forEach((key, song) -> songs.merge(key, song,
        PlayCountsAnswer::canonicalSong));
    Map<String, Long> days = new HashMap<>(a.getPlaysPerDayMap());
    b.getPlaysPerDayMap().forEach((day, plays) -> days.merge(day, plays, Math::addExact));
    return PlayCounts.newBuilder()
        .putAllPlayCounts(counts)
        .putAllSongs(songs)
        .putAllPlaysPerDay(days)
        .setProcessingTime(a.getProcessingTime() + b.getProcessingTime())
        .build();
  }
}
