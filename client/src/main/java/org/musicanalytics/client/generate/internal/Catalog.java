package org.musicanalytics.client.generate.internal;

import java.util.Arrays;

/**
 * The fixed world plays are drawn from: artists with one genre each, songs with one artist
 * and one duration each, and how often each song is played and each user listens.
 *
 * <p>Popularity is by rank, and ranks are shuffled over the ids, so that {@code S001} or
 * {@code U001} is not always the top one:
 * <ul>
 *   <li>song of rank r (0 first): weight 1/(r+1), Zipf with exponent 1;
 *   <li>user of rank r: weight 1/(r+q) with q = users/50 (at least 1), a power law whose
 *       head is flattened;
 *   <li>songs per artist: every artist at least one, the rest drawn with weight 1/(a+q)
 *       for the artist of rank a, q = artists/50;
 *   <li>songs are ranked by (a+q) times a log-normal factor (sigma 1), a their artist's
 *       rank, so popular artists tend to have the popular songs.
 * </ul>
 * Artists of rank 0 to 8 are the sample's well-known ones, and the awkward names of
 * {@link ArtistNames} sit among ranks 30 to 95.
 */
public final class Catalog {

  static final int MIN_SONG_SECONDS = 120;
  static final int MAX_SONG_SECONDS = 420;
  private static final double MEDIAN_SONG_SECONDS = 210;
  private static final double SONG_SECONDS_SPREAD = 0.22;
  /** Sigma of the log-normal factor between an artist's rank and its songs' ranks. */
  private static final double HIT_SPREAD = 1.0;
  private static final double SQRT_3 = 1.7320508075688772;

  private static final long ARTISTS_STREAM = 1;
  private static final long SONGS_STREAM = 2;
  private static final long USERS_STREAM = 3;

  private final String[] artistNames;
  private final int[] artistGenres;
  private final int[] songArtists;
  private final short[] songSeconds;
  private final double[] songWeights;
  private final AliasTable songs;
  private final AliasTable users;

  private Catalog(String[] artistNames, int[] artistGenres, int[] songArtists,
      short[] songSeconds, double[] songWeights, AliasTable users) {
    this.artistNames = artistNames;
    this.artistGenres = artistGenres;
    this.songArtists = songArtists;
    this.songSeconds = songSeconds;
    this.songWeights = songWeights;
    this.songs = new AliasTable(songWeights);
    this.users = users;
  }

  /** Artists for {@code songs} songs: about 8 songs each, never more artists than songs. */
  static int artistCount(int songs) {
    return songs <= 25 ? songs : Math.max(25, songs / 8);
  }

  /** The catalog of {@code shape}, the same for the same seed, users and songs. */
  public static Catalog create(DatasetShape shape) {
    int artistCount = artistCount(shape.songs());
    SplitMix64 random = SplitMix64.forStream(shape.seed(), ARTISTS_STREAM);
    String[] names = new String[artistCount];
    int[] genres = new int[artistCount];
    int madeUp = 0;
    for (int rank = 0; rank < artistCount; rank++) {
      ArtistNames.Named fixed = ArtistNames.fixed(rank);
      if (fixed != null) {
        names[rank] = fixed.name();
        genres[rank] = Genres.indexOf(fixed.genre());
      } else {
        names[rank] = ArtistNames.madeUp(madeUp++);
        genres[rank] = Genres.draw(random);
      }
    }

    random = SplitMix64.forStream(shape.seed(), SONGS_STREAM);
    int songCount = shape.songs();
    int[] artistByRank = songArtistsByPopularity(songCount, artistCount, random);
    int[] songIds = permutation(songCount, random);
    double[] songWeights = new double[songCount];
    int[] songArtists = new int[songCount];
    short[] songSeconds = new short[songCount];
    for (int rank = 0; rank < songCount; rank++) {
      int id = songIds[rank];
      songWeights[id] = 1.0 / (rank + 1);
      songArtists[id] = artistByRank[rank];
      songSeconds[id] = (short) songSeconds(random);
    }

    random = SplitMix64.forStream(shape.seed(), USERS_STREAM);
    int userCount = shape.users();
    int[] userIds = permutation(userCount, random);
    double[] byRank = flattenedPowerLaw(userCount, Math.max(1, userCount / 50.0));
    double[] userWeights = new double[userCount];
    for (int rank = 0; rank < userCount; rank++) {
      userWeights[userIds[rank]] = byRank[rank];
    }
    return new Catalog(names, genres, songArtists, songSeconds, songWeights,
        new AliasTable(userWeights));
  }

  /**
   * The artist of each song, by the song's popularity rank. Artists get songs in proportion
   * to their weight, and every artist one song at least; then the songs are ordered by
   * their artist's flattened rank times a log-normal factor, so that popular artists tend to
   * have the popular songs, as they do, while any artist can have a hit.
   */
  private static int[] songArtistsByPopularity(int songCount, int artistCount,
      SplitMix64 random) {
    double flattening = Math.max(1, artistCount / 50.0);
    AliasTable byWeight = new AliasTable(flattenedPowerLaw(artistCount, flattening));
    int[] artists = new int[songCount];
    long[] keyed = new long[songCount];
    for (int song = 0; song < songCount; song++) {
      int artist = song < artistCount ? song : byWeight.sample(random.nextLong());
      artists[song] = artist;
      float key = (float) ((artist + flattening) * StrictMath.exp(HIT_SPREAD * normal(random)));
      // Positive floats order as their bits do: sort by key, then by song.
      keyed[song] = ((long) Float.floatToIntBits(key) << 32) | song;
    }
    Arrays.sort(keyed);
    int[] artistByRank = new int[songCount];
    for (int rank = 0; rank < songCount; rank++) {
      artistByRank[rank] = artists[(int) keyed[rank]];
    }
    return artistByRank;
  }

  /** Weights 1/(r+q) for ranks r = 0 .. n-1. */
  private static double[] flattenedPowerLaw(int n, double q) {
    double[] weights = new double[n];
    for (int r = 0; r < n; r++) {
      weights[r] = 1.0 / (r + q);
    }
    return weights;
  }

  /** 0 .. n-1 in an order drawn from {@code random} (Fisher-Yates). */
  private static int[] permutation(int n, SplitMix64 random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /** A song length: log-normal around the median. */
  private static int songSeconds(SplitMix64 random) {
    long seconds = Math.round(MEDIAN_SONG_SECONDS
        * StrictMath.exp(SONG_SECONDS_SPREAD * normal(random)));
    return (int) Math.max(MIN_SONG_SECONDS, Math.min(MAX_SONG_SECONDS, seconds));
  }

  /**
   * About a standard normal deviate: the sum of four uniforms (Irwin-Hall), scaled, within
   * ±3.5; plain arithmetic, so every JVM draws the same.
   */
  private static double normal(SplitMix64 random) {
    double sum = random.nextDouble() + random.nextDouble() + random.nextDouble()
        + random.nextDouble();
    return (sum - 2) * SQRT_3;
  }

  public int artistCount() {
    return artistNames.length;
  }

  public String artistName(int artist) {
    return artistNames[artist];
  }

  public String artistGenre(int artist) {
    return Genres.NAMES.get(artistGenres[artist]);
  }

  /** The artist's genre as an index in {@link Genres#NAMES}. */
  public int artistGenreIndex(int artist) {
    return artistGenres[artist];
  }

  public int songCount() {
    return songArtists.length;
  }

  public int userCount() {
    return users.size();
  }

  public int songArtist(int song) {
    return songArtists[song];
  }

  /** The song's full length in seconds. */
  public int songSeconds(int song) {
    return songSeconds[song];
  }

  /** The song's popularity weight: songs are drawn in proportion to it. */
  public double songWeight(int song) {
    return songWeights[song];
  }

  /** A song drawn by popularity from 64 random bits. */
  public int drawSong(long random) {
    return songs.sample(random);
  }

  /** A user drawn by activity from 64 random bits. */
  public int drawUser(long random) {
    return users.sample(random);
  }
}
