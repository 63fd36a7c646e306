package org.musicanalytics.counting;

import java.util.List;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/** Test fixture: plays built in one line, shared by the function modules' tests. */
public final class Plays {

  private Plays() {}

  /** One play on 2025-11-05. */
  public static StreamRecord play(String user, String song, String artist, int seconds,
      String genre) {
    return play(user, song, artist, seconds, "2025-11-05T10:53:00", genre);
  }

  /** One play at {@code timestamp}. */
  public static StreamRecord play(String user, String song, String artist, int seconds,
      String timestamp, String genre) {
    return StreamRecord.newBuilder().setUserId(user).setSongId(song).setArtist(artist)
        .setDuration(seconds).setTimestamp(timestamp).setGenre(genre).build();
  }

  /** One play of 200 seconds in genre Pop. */
  public static StreamRecord play(String user, String song, String artist) {
    return play(user, song, artist, 200, "Pop");
  }

  /**
   * Plays of two songs behind one key ({@code "A - B"} with {@code "s1"} and {@code "A"}
   * with {@code "B - s1"}), by two users, in two genres: 300 and 50 seconds, two plays of
   * Pop and one of Rock.
   */
  public static StreamList twoSongsBehindOneKey() {
    return plays(
        play("u1", "s1", "A - B", 200, "Pop"),
        play("u1", "B - s1", "A", 100, "Rock"),
        play("u2", "s1", "A - B", 50, "Pop"));
  }

  /** A request of these plays, in this order. */
  public static StreamList plays(StreamRecord... records) {
    return StreamList.newBuilder().addAllRecords(List.of(records)).build();
  }
}
