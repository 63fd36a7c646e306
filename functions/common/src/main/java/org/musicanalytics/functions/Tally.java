package org.musicanalytics.functions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.musicanalytics.functions.internal.LongLongCounts;
import org.musicanalytics.functions.internal.Utf8Interner;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.Song;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * The counts behind the record-reading stages' answers, by id: what a shard's pass counts
 * ({@code PlayAggregator}) and what the merge of many shards adds up
 * ({@code SummaryAccumulator}), in one representation, finalised by one set of methods.
 *
 * <ul>
 *   <li>a dictionary per kind of string ({@link Utf8Interner}): users, artists, song ids,
 *       genres;
 *   <li>plays per song, by {@code (artist id, song id id)} ({@link LongLongCounts});
 *   <li>seconds per user, by user id, in an array;
 *   <li>plays per user and artist, by {@code (user id, artist id)};
 *   <li>plays per genre, by genre id, in an array.
 * </ul>
 *
 * <p>Song keys ({@code "<artist> - <song_id>"}, where two songs may collide) are built
 * only when finalising. A user or genre exists once its id is handed out; callers hand out
 * ids only for what they count. Not thread-safe.
 */
final class Tally {

  private final Utf8Interner users = new Utf8Interner();
  private final Utf8Interner artists = new Utf8Interner();
  private final Utf8Interner songIds = new Utf8Interner();
  private final Utf8Interner genres = new Utf8Interner();
  private final LongLongCounts songPlays;
  private final LongLongCounts artistPlays;
  private long[] userSeconds = new long[64];
  private long[] genrePlays = new long[16];

  // What a merge of user summaries needs besides the counts (see addUserPart).
  private int[] userParts;
  /** Per user, the artist id of the top artist its first part came with; -1 for none. */
  private int[] givenTopArtist;
  private boolean[] missingArtistPlays;

  private Tally(LongLongCounts songPlays, LongLongCounts artistPlays) {
    this.songPlays = songPlays;
    this.artistPlays = artistPlays;
  }

  /** A tally of plays, for one request. */
  static Tally ofPlays() {
    return new Tally(new LongLongCounts(), new LongLongCounts());
  }

  /**
   * A tally of summaries: its tables hash otherwise than a shard's, as they receive pairs
   * in the order of a shard's tables ({@link LongLongCounts#hashedOtherwise}).
   */
  static Tally ofSummaries() {
    return new Tally(LongLongCounts.hashedOtherwise(), LongLongCounts.hashedOtherwise());
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

  /** Seconds of {@code user}. */
  public long userSeconds(int user) {
    return user < userSeconds.length ? userSeconds[user] : 0;
  }

  /** Plays of {@code genre}. */
  public long genrePlays(int genre) {
    return genre < genrePlays.length ? genrePlays[genre] : 0;
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

  // ---- partial counts (a merge; exact, failing on overflow) ------------------------

  /** Adds plays of a song. */
  public void addSongPlays(int artist, int songId, long plays) {
    songPlays.add(LongLongCounts.key(artist, songId), plays);
  }

  /** Adds plays of a user's artist. */
  public void addArtistPlays(int user, int artist, long plays) {
    artistPlays.add(LongLongCounts.key(user, artist), plays);
  }

  /** Adds plays of a genre. */
  public void addGenrePlays(int genre, long plays) {
    if (genre >= genrePlays.length) {
      genrePlays = Arrays.copyOf(genrePlays, Math.max(genre + 1, genrePlays.length * 2));
    }
    genrePlays[genre] = Math.addExact(genrePlays[genre], plays);
  }

  /**
   * Adds one part of a user's summary (its artist plays are added separately), with the
   * rules of {@link Summaries#merge(UserStatsList, UserStatsList)}: a user with one part
   * keeps the top artist it came with ({@code topArtist}, or -1 to compute it from the
   * artist plays), and a user in two parts needs artist plays in both.
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

  // ---- answers --------------------------------------------------------------------

  /**
   * Plays per song key {@code "<artist> - <song_id>"}, with every key's parts (of two
   * songs behind one key, {@link Summaries#canonicalSong}); no processing time.
   *
   * @param keyedPlays plays known only by key, added to the keys' counts
   * @param keyedSongs parts known only by key, merged into the keys' parts
   */
  public PlayCounts.Builder playCounts(Map<String, Long> keyedPlays,
      Map<String, Song> keyedSongs) {
    int capacity = (songPlays.size() + keyedPlays.size()) * 4 / 3 + 1;
    Map<String, Long> counts = new HashMap<>(capacity);
    Map<String, Song> songs = new HashMap<>(capacity);
    songPlays.forEach((key, plays) -> {
      String artist = artists.string(LongLongCounts.first(key));
      String songId = songIds.string(LongLongCounts.second(key));
      String songKey = StreamRecords.songKey(artist, songId);
      counts.merge(songKey, plays, Math::addExact);
      songs.merge(songKey, Song.newBuilder().setArtist(artist).setSongId(songId).build(),
          Summaries::canonicalSong);
    });
    keyedPlays.forEach((key, plays) -> counts.merge(key, plays, Math::addExact));
    keyedSongs.forEach((key, song) -> songs.merge(key, song, Summaries::canonicalSong));
    return PlayCounts.newBuilder().putAllPlayCounts(counts).putAllSongs(songs);
  }

  /**
   * Every user's summary and the top users ({@link Summaries#userStats}): the top artist
   * is the most played, ties by name, unless the user came in one part with its own
   * ({@link #addUserPart}); no processing time.
   *
   * @param withArtistPlays whether each user's {@code artist_plays} is filled in; without,
   *     no map entry is built per user × artist pair
   */
  public UserStatsList.Builder userStats(boolean withArtistPlays) {
    int userCount = users.size();
    int[] top = new int[userCount];
    Arrays.fill(top, -1);
    long[] topPlays = new long[userCount];
    int[] firstPair = withArtistPlays ? new int[userCount + 1] : null;
    int[] nameOrder = nameOrder(artists);
    artistPlays.forEach((key, plays) -> {
      int user = LongLongCounts.first(key);
      int artist = LongLongCounts.second(key);
      int best = top[user];
      if (best < 0 || plays > topPlays[user]
          || plays == topPlays[user] && nameOrder[artist] < nameOrder[best]) {
        top[user] = artist;
        topPlays[user] = plays;
      }
      if (firstPair != null) {
        firstPair[user + 1]++;
      }
    });
    int[] pairArtists = null;
    long[] pairPlays = null;
    if (withArtistPlays) {
      // The pairs grouped by user: a counting sort.
      for (int user = 0; user < userCount; user++) {
        firstPair[user + 1] += firstPair[user];
      }
      int[] next = Arrays.copyOf(firstPair, userCount);
      int[] artistsOfPairs = new int[artistPlays.size()];
      long[] playsOfPairs = new long[artistPlays.size()];
      artistPlays.forEach((key, plays) -> {
        int at = next[LongLongCounts.first(key)]++;
        artistsOfPairs[at] = LongLongCounts.second(key);
        playsOfPairs[at] = plays;
      });
      pairArtists = artistsOfPairs;
      pairPlays = playsOfPairs;
    }
    List<UserStat> stats = new ArrayList<>(userCount);
    for (int user = 0; user < userCount; user++) {
      int topArtist = userParts != null && user < userParts.length && userParts[user] == 1
          && givenTopArtist[user] >= 0 ? givenTopArtist[user] : top[user];
      UserStat.Builder stat = UserStat.newBuilder()
          .setUserId(users.string(user))
          .setTotalTime(userSeconds(user))
          .setTopArtist(topArtist < 0 ? "" : artists.string(topArtist));
      if (withArtistPlays) {
        Map<String, Long> plays = new HashMap<>();
        for (int at = firstPair[user]; at < firstPair[user + 1]; at++) {
          plays.put(artists.string(pairArtists[at]), pairPlays[at]);
        }
        stat.putAllArtistPlays(plays);
      }
      stats.add(stat.build());
    }
    return Summaries.userStats(stats);
  }

  /**
   * Each id's place among the strings in {@code String} order ({@link Ranking}'s order of
   * keys): ties between artists, nearly every user has many, then compare two ints.
   */
  private static int[] nameOrder(Utf8Interner strings) {
    Integer[] ids = new Integer[strings.size()];
    for (int id = 0; id < ids.length; id++) {
      ids[id] = id;
    }
    Arrays.sort(ids, (a, b) -> strings.string(a).compareTo(strings.string(b)));
    int[] order = new int[ids.length];
    for (int place = 0; place < ids.length; place++) {
      order[ids[place]] = place;
    }
    return order;
  }

  /** Plays per genre, ranked ({@link Summaries#genres}); no processing time. */
  public GenreAnalysisResponse.Builder genres() {
    Map<String, Long> counts = new HashMap<>(genres.size() * 2);
    for (int genre = 0; genre < genres.size(); genre++) {
      counts.put(genres.string(genre), genrePlays(genre));
    }
    return Summaries.genres(counts);
  }
}
