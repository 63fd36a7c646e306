package org.musicanalytics.counting.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ObjLongConsumer;
import org.musicanalytics.counting.CountedPlays;
import org.musicanalytics.counting.ListeningSink;
import org.musicanalytics.counting.PlayDay;
import org.musicanalytics.proto.Song;

/**
 * The counts of plays by id: what a shard's pass counts ({@code ShardCounter}) and what the
 * merge of many shards adds up ({@code MergedCounts}), in one representation, which the
 * stages' answers read as {@link CountedPlays}.
 *
 * <p>A dictionary per kind of string ({@link Utf8Interner}); plays per song and per user
 * and artist in {@link LongLongCounts} keyed by pairs of ids; seconds per user and plays
 * per genre in arrays by id. A user or genre exists once its id is handed out; callers
 * hand out ids only for what they count. Not thread-safe.
 */
public final class Tally implements CountedPlays {

  /** Added to a day to make its table key: any int day gives a key of at least 0. */
  private static final long DAY_KEY_OFFSET = 1L << 31;

  private final Utf8Interner users = new Utf8Interner();
  private final Utf8Interner artists = new Utf8Interner();
  private final Utf8Interner songIds = new Utf8Interner();
  private final Utf8Interner genres = new Utf8Interner();
  private final LongLongCounts songPlays;
  private final LongLongCounts artistPlays;
  private long[] userSeconds = new long[64];
  private long[] genrePlays = new long[16];
  /** Plays per day: key {@link #dayKey}{@code (epochDay)}. */
  private final LongLongCounts dayPlays = new LongLongCounts();
  private long unknownDayPlays;

  // What a merge of user answers needs besides the counts (see addUserPart).
  private int[] userParts;
  /** Per user, the artist id of the top artist its first part came with; -1 for none. */
  private int[] givenTopArtist;
  private boolean[] missingArtistPlays;

  // What a merge of play-count answers could not count by id (see addKeyOnlyPlays).
  private final Map<String, Long> keyOnlyPlays = new HashMap<>();
  private final List<Map.Entry<String, Song>> keyOnlySongs = new ArrayList<>();

  // The learned recommender's listening: none until startListening(), so a pass that does
  // not count it costs nothing more.
  /** Song entries, numbered in the order first seen: key (artist, songId) to the number. */
  private LongLongCounts songEntries;
  /** Per song entry number, its key (artist, songId). */
  private long[] songEntryKeys;
  private int songEntryCount;
  /** Plays per user and song entry: key {@link LongLongCounts#key}{@code (user, entry)}. */
  private LongLongCounts listenPlays;
  /** Plays per song entry and day: key {@link #songDayKey}. */
  private LongLongCounts songDayPlays;
  /** Where a merge forwards listening instead of keeping it; null to keep it. */
  private ListeningSink listeningSink;

  private Tally(LongLongCounts songPlays, LongLongCounts artistPlays) {
    this.songPlays = songPlays;
    this.artistPlays = artistPlays;
  }

  /** A tally for the plays of one request. */
  public static Tally forOneShard() {
    return new Tally(new LongLongCounts(), new LongLongCounts());
  }

  /**
   * A tally for merging shards' counts: its tables hash otherwise than a shard's, as they
   * receive pairs in the order of a shard's tables
   * ({@link LongLongCounts#forKeysFromAnotherTable}).
   */
  public static Tally forMerging() {
    return new Tally(LongLongCounts.forKeysFromAnotherTable(),
        LongLongCounts.forKeysFromAnotherTable());
  }

  /** User ids. */
  public Utf8Interner users() {
    return users;
  }

  /** Artist names. */
  public Utf8Interner artists() {
    return artists;
  }

  /** Song ids (without their artist). */
  public Utf8Interner songIds() {
    return songIds;
  }

  /** Genre names. */
  public Utf8Interner genreNames() {
    return genres;
  }

  /** Plays per song: key {@link LongLongCounts#key}{@code (artist, songId)}. */
  public LongLongCounts songPlays() {
    return songPlays;
  }

  /** Plays per user and artist: key {@link LongLongCounts#key}{@code (user, artist)}. */
  public LongLongCounts artistPlays() {
    return artistPlays;
  }

  // ---- CountedPlays ---------------------------------------------------------------

  @Override
  public int userCount() {
    return users.size();
  }

  @Override
  public String user(int user) {
    return users.string(user);
  }

  @Override
  public long userSeconds(int user) {
    return user < userSeconds.length ? userSeconds[user] : 0;
  }

  @Override
  public int artistCount() {
    return artists.size();
  }

  @Override
  public String artist(int artist) {
    return artists.string(artist);
  }

  @Override
  public String songId(int songId) {
    return songIds.string(songId);
  }

  @Override
  public int genreCount() {
    return genres.size();
  }

  @Override
  public String genre(int genre) {
    return genres.string(genre);
  }

  @Override
  public long genrePlays(int genre) {
    return genre < genrePlays.length ? genrePlays[genre] : 0;
  }

  @Override
  public int songCount() {
    return songPlays.size();
  }

  @Override
  public void forEachSong(PairVisitor visitor) {
    songPlays.forEach((key, plays) -> visitor.visit(LongLongCounts.first(key),
        LongLongCounts.second(key), plays));
  }

  @Override
  public int userArtistCount() {
    return artistPlays.size();
  }

  @Override
  public void forEachUserArtist(PairVisitor visitor) {
    artistPlays.forEach((key, plays) -> visitor.visit(LongLongCounts.first(key),
        LongLongCounts.second(key), plays));
  }

  @Override
  public void forEachDay(DayVisitor visitor) {
    dayPlays.forEach((key, plays) -> visitor.visit((int) (key - DAY_KEY_OFFSET), plays));
  }

  @Override
  public long unknownDayPlays() {
    return unknownDayPlays;
  }

  @Override
  public int topArtistAsSent(int user) {
    return userParts != null && user < userParts.length && userParts[user] == 1
        ? givenTopArtist[user] : -1;
  }

  @Override
  public void forEachKeyOnlyPlays(ObjLongConsumer<String> visitor) {
    keyOnlyPlays.forEach(visitor::accept);
  }

  @Override
  public void forEachKeyOnlySong(BiConsumer<String, Song> visitor) {
    keyOnlySongs.forEach(entry -> visitor.accept(entry.getKey(), entry.getValue()));
  }

  // ---- one play (a request's counts, which cannot overflow) -------------------------

  /** Counts one play of a song. */
  public void countSong(int artist, int songId) {
    songPlays.increment(LongLongCounts.key(artist, songId));
  }

  /** Counts one play by a user. */
  public void countUser(int user, int artist, int seconds) {
    if (user >= userSeconds.length) {
      userSeconds = Arrays.copyOf(userSeconds, Math.max(user + 1, userSeconds.length * 2));
    }
    userSeconds[user] += seconds;
    artistPlays.increment(LongLongCounts.key(user, artist));
  }

  /** Counts one play of a genre. */
  public void countGenre(int genre) {
    if (genre >= genrePlays.length) {
      genrePlays = Arrays.copyOf(genrePlays, Math.max(genre + 1, genrePlays.length * 2));
    }
    genrePlays[genre]++;
  }

  /** Counts one play on {@code epochDay}, which may be {@link PlayDay#UNKNOWN}. */
  public void countDay(int epochDay) {
    if (epochDay == PlayDay.UNKNOWN) {
      unknownDayPlays++;
    } else {
      dayPlays.increment(dayKey(epochDay));
    }
  }

  // ---- partial counts (a merge; exact, failing on overflow) ------------------------

  /** Adds plays on {@code epochDay}, which may be {@link PlayDay#UNKNOWN}. */
  public void addDayPlays(int epochDay, long plays) {
    if (epochDay == PlayDay.UNKNOWN) {
      unknownDayPlays = Math.addExact(unknownDayPlays, plays);
    } else {
      dayPlays.add(dayKey(epochDay), plays);
    }
  }

  /** How many days have plays. */
  public int dayCount() {
    return dayPlays.size();
  }

  /** The days with plays and their plays, in {@link #forEachDay} order, into the arrays. */
  public int copyDaysTo(int[] days, long[] plays) {
    long[] keys = new long[dayPlays.size()];
    int n = dayPlays.copyTo(keys, plays);
    for (int i = 0; i < n; i++) {
      days[i] = (int) (keys[i] - DAY_KEY_OFFSET);
    }
    return n;
  }

  /** The key of a day: the table's keys are not negative, and days before 1970 are. */
  private static long dayKey(int epochDay) {
    return epochDay + DAY_KEY_OFFSET;
  }

  /** Adds plays of a song. */
  public void addSongPlays(int artist, int songId, long plays) {
    songPlays.add(LongLongCounts.key(artist, songId), plays);
  }

  // ---- listening (the learned recommender's round 1) --------------------------------

  /** Counts listening from now on, as well as the rest; once started it stays. */
  public void startListening() {
    if (songEntries == null) {
      songEntries = new LongLongCounts();
      songEntryKeys = new long[64];
      listenPlays = new LongLongCounts();
      songDayPlays = new LongLongCounts();
    }
  }

  /** Whether listening is counted ({@link #startListening}). */
  public boolean listening() {
    return songEntries != null;
  }

  /**
   * Hands listening, as it is added ({@link #addListenPlays}, {@link #addSongDayPlays}), to
   * {@code sink} instead of keeping it; starts listening.
   */
  public void forwardListeningTo(ListeningSink sink) {
    startListening();
    this.listeningSink = sink;
  }

  /** The number of the song entry (artist, songId), handed out in order; listening only. */
  public int songEntry(int artist, int songId) {
    long key = LongLongCounts.key(artist, songId);
    int entry = (int) songEntries.getOrPut(key, songEntryCount);
    if (entry == songEntryCount) {
      if (entry == songEntryKeys.length) {
        songEntryKeys = Arrays.copyOf(songEntryKeys, entry * 2);
      }
      songEntryKeys[songEntryCount++] = key;
    }
    return entry;
  }

  /** The key {@link LongLongCounts#key}{@code (artist, songId)} of a song entry. */
  public long songEntryKey(int entry) {
    return songEntryKeys[entry];
  }

  /** How many song entries have been handed out. */
  public int songEntryCount() {
    return songEntryCount;
  }

  /** Plays per user and song entry, in a shard's tally. */
  public LongLongCounts listenPlays() {
    return listenPlays;
  }

  /** Plays per song entry and day ({@link #songDayKey}), in a shard's tally. */
  public LongLongCounts songDayPlays() {
    return songDayPlays;
  }

  /** Counts one play of a song by a user on {@code epochDay} ({@link PlayDay#UNKNOWN} too). */
  public void countListen(int user, int artist, int songId, int epochDay) {
    int entry = songEntry(artist, songId);
    listenPlays.increment(LongLongCounts.key(user, entry));
    if (epochDay != PlayDay.UNKNOWN) {
      songDayPlays.increment(songDayKey(entry, epochDay));
    }
  }

  /** Adds plays of a song entry by a user: to the sink, if one was given, else kept. */
  public void addListenPlays(int user, int entry, long plays) {
    if (listeningSink != null) {
      listeningSink.listened(user, entry, plays);
    } else {
      listenPlays.add(LongLongCounts.key(user, entry), plays);
    }
  }

  /** Adds plays of a song entry on a day: to the sink, if one was given, else kept. */
  public void addSongDayPlays(int entry, int epochDay, long plays) {
    if (listeningSink != null) {
      listeningSink.playedOn(entry, epochDay, plays);
    } else {
      songDayPlays.add(songDayKey(entry, epochDay), plays);
    }
  }

  /**
   * The table key of a song entry and a day: the day's bits flipped in sign, so that any
   * int day makes a key of at least 0, whose low half reads back as the day
   * ({@link #songDayDay}).
   */
  public static long songDayKey(int entry, int epochDay) {
    return (long) entry << 32 | (epochDay ^ Integer.MIN_VALUE) & 0xFFFFFFFFL;
  }

  /** The day of a {@link #songDayKey}. */
  public static int songDayDay(long key) {
    return (int) key ^ Integer.MIN_VALUE;
  }

  /** Adds plays of a user's artist. */
  public void addArtistPlays(int user, int artist, long plays) {
    artistPlays.add(LongLongCounts.key(user, artist), plays);
  }

  /**
   * Adds plays of users' artists, {@code plays[i]} of pair {@code keys[i]}
   * ({@link LongLongCounts#key} of user and artist) for each {@code i < n}, as
   * {@link #addArtistPlays} would one at a time.
   */
  public void addAllArtistPlays(long[] keys, long[] plays, int n) {
    artistPlays.addAll(keys, plays, n);
  }

  /** Adds plays of a genre. */
  public void addGenrePlays(int genre, long plays) {
    if (genre >= genrePlays.length) {
      genrePlays = Arrays.copyOf(genrePlays, Math.max(genre + 1, genrePlays.length * 2));
    }
    genrePlays[genre] = Math.addExact(genrePlays[genre], plays);
  }

  /**
   * Adds plays that came under a key without its parts, or under a key the parts do not
   * make: they are kept by key.
   */
  public void addKeyOnlyPlays(String key, long plays) {
    keyOnlyPlays.merge(key, plays, Math::addExact);
  }

  /** Adds the parts of a key whose plays are not counted under them. */
  public void addKeyOnlySong(String key, Song song) {
    keyOnlySongs.add(Map.entry(key, song));
  }

  /**
   * Adds one part of a user's answer (its artist plays are added separately): a user with
   * one part keeps the top artist it came with ({@code topArtist}, or -1 to have it computed
   * from the artist plays; see {@link #topArtistAsSent}), and a user in two parts needs
   * artist plays in both.
   *
   * @throws IllegalArgumentException if the user is in two parts and one lacks artist plays
   */
  public void addUserPart(int user, long seconds, int topArtist, boolean hasArtistPlays) {
    if (userParts == null) {
      userParts = new int[userSeconds.length];
      givenTopArtist = new int[userSeconds.length];
      missingArtistPlays = new boolean[userSeconds.length];
    }
    if (user >= userSeconds.length) {
      userSeconds = Arrays.copyOf(userSeconds, Math.max(user + 1, userSeconds.length * 2));
    }
    if (user >= userParts.length) {
      userParts = Arrays.copyOf(userParts, userSeconds.length);
      givenTopArtist = Arrays.copyOf(givenTopArtist, userSeconds.length);
      missingArtistPlays = Arrays.copyOf(missingArtistPlays, userSeconds.length);
    }
    userSeconds[user] = Math.addExact(userSeconds[user], seconds);
    if (userParts[user]++ == 0) {
      givenTopArtist[user] = topArtist;
    }
    missingArtistPlays[user] |= !hasArtistPlays;
    if (userParts[user] > 1 && missingArtistPlays[user]) {
      throw new IllegalArgumentException("cannot merge the summaries of user '"
          + users.string(user) + "': artist_plays is missing, so the top artist is unknown");
    }
  }
}
