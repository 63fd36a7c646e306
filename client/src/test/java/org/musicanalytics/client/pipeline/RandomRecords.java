package org.musicanalytics.client.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.musicanalytics.proto.StreamRecord;

/**
 * Test fixture: seeded random plays whose names exercise every encoding cost: JSON
 * escapes ({@code "<>&='\}), multi-byte UTF-8, surrogate pairs, separators inside names,
 * artists that share prefixes.
 */
public final class RandomRecords {

  /** Artist names, each hard in its own way. */
  public static final List<String> ARTISTS = List.of("Drake", "Drake Bell", "A - B", "A",
      "Björk", "Guns N' Roses", "AC/DC", "<Tag> & \"Co\"", "Beyoncé", "🎵 Emoji",
      "Sigur Rós", "a=b", "Comma, Inc", "Back\\slash", "Line\u2028Sep", "東京事変");
  /** Zones of timestamps: none (UTC), UTC, and offsets that move late or early plays. */
  private static final List<String> ZONES = List.of("", "Z", "+05:30", "-08:00");
  private static final List<String> GENRES =
      List.of("Pop", "Rock", "", "Hip-Hop", "Électro", "R&B", "K-Pop 🎤");

  private RandomRecords() {}

  /** {@code count} plays over at most {@code users} users and {@code songs} songs. */
  public static List<StreamRecord> plays(Random random, int count, int users, int songs) {
    List<StreamRecord> plays = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      plays.add(play("U" + random.nextInt(users), "S" + random.nextInt(songs),
          ARTISTS.get(random.nextInt(ARTISTS.size())), random.nextInt(400),
          timestamp(random),
          GENRES.get(random.nextInt(GENRES.size()))));
    }
    return plays;
  }

  /** A timestamp in early November 2025, in any zone; one in 20 has no date at all. */
  private static String timestamp(Random random) {
    if (random.nextInt(20) == 0) {
      return "soon";
    }
    return "2025-11-0" + (1 + random.nextInt(9)) + "T" + (10 + random.nextInt(14)) + ":"
        + (10 + random.nextInt(50)) + ":00" + ZONES.get(random.nextInt(ZONES.size()));
  }

  /**
   * {@code count} plays that make every answer as large as it can be: every user, song,
   * artist and genre appears once.
   */
  public static List<StreamRecord> allDistinct(Random random, int count) {
    List<StreamRecord> plays = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String suffix = " #" + i;
      plays.add(play(ARTISTS.get(random.nextInt(ARTISTS.size())) + "-user" + suffix,
          "S" + i + ARTISTS.get(random.nextInt(ARTISTS.size())),
          ARTISTS.get(random.nextInt(ARTISTS.size())) + suffix, random.nextInt(400),
          "2025-11-05T10:53:00", GENRES.get(random.nextInt(GENRES.size())) + suffix));
    }
    return plays;
  }

  public static StreamRecord play(String user, String song, String artist, int duration,
      String timestamp, String genre) {
    return StreamRecord.newBuilder().setUserId(user).setSongId(song).setArtist(artist)
        .setDuration(duration).setTimestamp(timestamp).setGenre(genre).build();
  }
}
