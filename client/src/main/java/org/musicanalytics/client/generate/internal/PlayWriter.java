package org.musicanalytics.client.generate.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the plays of a {@link Catalog} as CSV ({@code user_id,song_id,artist,duration,
 * timestamp,genre}, UTF-8, LF line ends, RFC 4180 quoting only where a field needs it).
 *
 * <p>A play is a user drawn by activity, a song drawn by popularity, and the song's full
 * length, except for one play in five: a skip, listened to for 5 s up to half the song.
 * With a {@link TasteModel}, the model chooses the user, the song and the moment instead.
 * Rows are formatted straight into a large byte buffer, with no objects per row.
 */
public final class PlayWriter {

  /** The header row, as in data/stream_data.csv. */
  public static final String HEADER = "user_id,song_id,artist,duration,timestamp,genre";

  private static final long ROWS_STREAM = 4;
  /** Skips per 65536 plays: 20%. */
  private static final int SKIPS_PER_65536 = 13107;
  private static final int MIN_SKIP_SECONDS = 5;
  private static final int BUFFER_BYTES = 1 << 20;

  private final Catalog catalog;
  private final DatasetShape shape;
  /** Listening with structure, or null for independent plays. */
  private final TasteModel taste;
  private final int userDigits;
  private final int songDigits;
  /** Per artist: its CSV field and the comma after it. */
  private final byte[][] artistFields;
  /** Per artist: a comma, its genre and the line end. */
  private final byte[][] genreEnds;
  private final int longestRow;

  /** A writer of independent plays: a user by activity, a song by popularity. */
  public PlayWriter(Catalog catalog, DatasetShape shape) {
    this(catalog, shape, null);
  }

  /**
   * A writer of {@code taste}'s plays (users' tastes, sessions, replays, new releases), or
   * of independent plays if {@code taste} is null.
   */
  public PlayWriter(Catalog catalog, DatasetShape shape, TasteModel taste) {
    this.catalog = catalog;
    this.shape = shape;
    this.taste = taste;
    this.userDigits = idDigits(catalog.userCount());
    this.songDigits = idDigits(catalog.songCount());
    int artists = catalog.artistCount();
    artistFields = new byte[artists][];
    genreEnds = new byte[artists][];
    int longestArtist = 0;
    int longestGenre = 0;
    for (int a = 0; a < artists; a++) {
      artistFields[a] = (csvField(catalog.artistName(a)) + ",").getBytes(StandardCharsets.UTF_8);
      genreEnds[a] = ("," + csvField(catalog.artistGenre(a)) + "\n")
          .getBytes(StandardCharsets.UTF_8);
      longestArtist = Math.max(longestArtist, artistFields[a].length);
      longestGenre = Math.max(longestGenre, genreEnds[a].length);
    }
    // "U<id>,S<id>," + artist, + "<seconds>," + timestamp + genre end
    longestRow = 1 + userDigits + 2 + songDigits + 1 + longestArtist + 4 + PlayClock.LENGTH
        + longestGenre;
  }

  /** Digits of ids from 1 to {@code count}: at least 3, as U001 in the sample. */
  static int idDigits(int count) {
    return Math.max(3, Integer.toString(count).length());
  }

  /** {@code value} as one CSV field: quoted, with quotes doubled, only if it must be. */
  public static String csvField(String value) {
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }

  /** Writes the header and every play to {@code out}, which is not closed. */
  public void write(OutputStream out) throws IOException {
    SplitMix64 random = SplitMix64.forStream(shape.seed(), ROWS_STREAM);
    PlayClock clock = new PlayClock(shape.start(), shape.days(), shape.records());
    Timestamps timestamps = taste == null ? null : new Timestamps(shape.start(), shape.days());
    TasteModel.Play play = new TasteModel.Play();
    byte[] buffer = new byte[Math.max(BUFFER_BYTES, longestRow * 2)];
    byte[] header = (HEADER + "\n").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(header, 0, buffer, 0, header.length);
    int at = header.length;
    int flushAt = buffer.length - longestRow;
    long records = shape.records();
    for (long i = 0; i < records; i++) {
      if (at > flushAt) {
        out.write(buffer, 0, at);
        at = 0;
      }
      int user;
      int song;
      int seconds;
      if (taste == null) {
        user = catalog.drawUser(random.nextLong());
        song = catalog.drawSong(random.nextLong());
        seconds = listened(random.nextLong(), catalog.songSeconds(song));
      } else {
        taste.next(i, clock, play);
        user = play.user;
        song = play.song;
        seconds = play.seconds;
      }
      int artist = catalog.songArtist(song);

      buffer[at++] = 'U';
      at = writePadded(buffer, at, user + 1, userDigits);
      buffer[at++] = ',';
      buffer[at++] = 'S';
      at = writePadded(buffer, at, song + 1, songDigits);
      buffer[at++] = ',';
      byte[] artistField = artistFields[artist];
      System.arraycopy(artistField, 0, buffer, at, artistField.length);
      at += artistField.length;
      at = writeSeconds(buffer, at, seconds);
      buffer[at++] = ',';
      if (taste == null) {
        clock.write(i, buffer, at);
      } else {
        timestamps.write(play.second, buffer, at);
      }
      at += PlayClock.LENGTH;
      byte[] genreEnd = genreEnds[artist];
      System.arraycopy(genreEnd, 0, buffer, at, genreEnd.length);
      at += genreEnd.length;
    }
    out.write(buffer, 0, at);
  }

  /**
   * Seconds listened of a song of {@code seconds}: all of it, except for one play in five,
   * a skip, listened to for 5 s up to half the song; {@code play} is 64 random bits.
   */
  static int listened(long play, int seconds) {
    if ((play & 0xFFFF) < SKIPS_PER_65536) {
      return MIN_SKIP_SECONDS + SplitMix64.index(play, seconds / 2 - MIN_SKIP_SECONDS + 1);
    }
    return seconds;
  }

  /** {@code value} (below 10^digits) with leading zeros. */
  private static int writePadded(byte[] buffer, int at, int value, int digits) {
    for (int d = at + digits - 1; d >= at; d--) {
      buffer[d] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return at + digits;
  }

  /** Seconds of a play: 1 to 3 digits, as songs last at most 420 s. */
  private static int writeSeconds(byte[] buffer, int at, int seconds) {
    if (seconds >= 100) {
      buffer[at++] = (byte) ('0' + seconds / 100);
    }
    if (seconds >= 10) {
      buffer[at++] = (byte) ('0' + seconds / 10 % 10);
    }
    buffer[at++] = (byte) ('0' + seconds % 10);
    return at;
  }
}
