package org.musicanalytics.counting;

import java.util.function.BiConsumer;
import java.util.function.ObjLongConsumer;
import org.musicanalytics.proto.Song;

/**
 * The counts of plays a {@link CountsAnswer} reads, by dense id: users, artists, song ids
 * and genres each have their own ids, from 0 to their count less one, and the counts are
 * kept per id or per pair of ids.
 *
 * <p>Read-only, and valid only while the answer runs. A user or genre has an id only if
 * something was counted for it; an artist or song id may have one without plays.
 */
public interface CountedPlays {

  /** Receives one pair of ids and its plays. */
  @FunctionalInterface
  interface PairVisitor {
    /** Called once per pair, in an order that depends only on what was counted. */
    void visit(int first, int second, long plays);
  }

  /** Receives one day and its plays. */
  @FunctionalInterface
  interface DayVisitor {
    /** Called once per day, in an order that depends only on what was counted. */
    void visit(int epochDay, long plays);
  }

  /** How many users have an id. */
  int userCount();

  /** The user id (the string) of {@code user}. */
  String user(int user);

  /** Seconds {@code user} listened. */
  long userSeconds(int user);

  /** How many artists have an id. */
  int artistCount();

  /** The name of {@code artist}. */
  String artist(int artist);

  /** The song id (without its artist) of {@code songId}. */
  String songId(int songId);

  /** How many genres have an id. */
  int genreCount();

  /** The name of {@code genre}. */
  String genre(int genre);

  /** Plays of {@code genre}. */
  long genrePlays(int genre);

  /** How many (artist, song id) pairs have plays. */
  int songCount();

  /** Calls {@code visitor} with every (artist, song id) pair and its plays. */
  void forEachSong(PairVisitor visitor);

  /** How many (user, artist) pairs have plays. */
  int userArtistCount();

  /** Calls {@code visitor} with every (user, artist) pair and its plays. */
  void forEachUserArtist(PairVisitor visitor);

  /** Calls {@code visitor} with every day (days since 1970-01-01) that has plays. */
  void forEachDay(DayVisitor visitor);

  /** Plays whose timestamp has no parsable date ({@link PlayDay#UNKNOWN}). */
  long unknownDayPlays();

  /**
   * The artist a merged answer gave as the top artist of {@code user}, if that answer was
   * the user's only part; -1 if the user came in several parts or as counts.
   */
  int topArtistAsSent(int user);

  /**
   * Calls {@code visitor} with the plays that merged answers gave under a key without the
   * key's parts (an artist and a song id that make it), summed per key. Counted plays have
   * none.
   */
  void forEachKeyOnlyPlays(ObjLongConsumer<String> visitor);

  /**
   * Calls {@code visitor} with the parts that merged answers gave for a key their plays
   * were not counted under, one call per key and answer. Counted plays have none.
   */
  void forEachKeyOnlySong(BiConsumer<String, Song> visitor);
}
