package org.musicanalytics.client.generate.internal;

import java.util.Arrays;

/**
 * Listening with structure, for {@code generate --taste}: users with tastes, replays,
 * sessions of related songs and new releases, so that co-listening carries signal as it
 * does in real listening.
 *
 * <ul>
 *   <li><b>Taste.</b> Each user likes up to three genres (weights 0.6, 0.3, 0.1, drawn by
 *       the genres' share of plays) and has four favourite artists in them (drawn by
 *       popularity within the genre). Tastes follow from the seed and the user alone, so
 *       they take no memory.
 *   <li><b>Sessions.</b> A session is one user's consecutive plays, on average eight,
 *       starting at the moment {@link PlayClock} gives its first play; each play starts
 *       when the one before ends. The first song is a replay of the user's history, a
 *       song of a favourite artist, of an artist of a liked genre, or a new release in a
 *       liked genre; each next one is by the same artist, by a related artist (one of the
 *       three either side in its genre's scene), or a replay.
 *   <li><b>Replays.</b> A replay draws from the user's last plays (up to
 *       {@link #HISTORY_CAP}, one slot per play), so often played songs come back often.
 *   <li><b>New releases.</b> A share of songs, never an artist's most popular, is released
 *       on a day of the span and played only from then on; a new release in a liked genre
 *       is likelier the fresher it is, so it is popular soon after its release.
 *   <li><b>Noise.</b> One play in twenty is a song of the global chart, as radio and
 *       playlists bring.
 * </ul>
 * Songs keep the catalogue's popularity within an artist, so every draw still favours
 * hits. The state is the users' recent plays and a few arrays over the catalogue.
 */
public final class TasteModel {

  /** Slots of recent plays kept per user for replays. */
  static final int HISTORY_CAP = 256;
  /** Share of songs released during the span. */
  static final double NEW_RELEASE_SHARE = 0.15;
  /** Days after its release during which a song is a fresh release. */
  static final int FRESH_DAYS = 7;
  /** How fast a fresh release's pull fades, in days (exponential). */
  private static final double FRESH_FADE_DAYS = 3;
  private static final double MEAN_EXTRA_SESSION_PLAYS = 7;
  private static final int MAX_SESSION_PLAYS = 40;
  private static final int FAVOURITES = 4;
  private static final double[] GENRE_LIKING = {0.6, 0.3, 0.1};
  /** Artists either side of an artist in its genre's scene that count as related. */
  private static final int RELATED = 3;
  private static final double CHART_SHARE = 0.05;
  private static final int SECONDS_PER_DAY = 24 * 60 * 60;

  private static final long RELEASES_STREAM = 5;
  private static final long SESSIONS_STREAM = 6;
  /** Users' tastes use the streams from here on, one per user. */
  private static final long TASTE_STREAMS = 1L << 32;

  private final Catalog catalog;
  private final long seed;
  private final int[] releaseDay;
  /** Per artist, its songs by weight descending: {@code artistSongs[artistFirst[a] ..]}. */
  private final int[] artistFirst;
  private final int[] artistSongs;
  private final double[] artistSongTotals;
  /** Per genre, its artists (the genre's scene, in rank order) and their cumulative weight. */
  private final int[] genreFirst;
  private final int[] genreArtists;
  private final double[] genreArtistTotals;
  private final int[] artistPlaceInGenre;
  /** Per genre, its songs released during the span, by release day. */
  private final int[] freshFirst;
  private final int[] freshSongs;
  private final AliasTable genres;
  private final int[][] history;
  private final int[] historyLength;
  private final SplitMix64 random;

  private int user;
  private int sessionLeft;
  private long sessionSecond;
  private int sessionDay;
  private int artist;
  private final int[] likedGenres = new int[GENRE_LIKING.length];
  private final int[] favourites = new int[FAVOURITES];

  private TasteModel(Catalog catalog, DatasetShape shape) {
    this.catalog = catalog;
    this.seed = shape.seed();
    int songs = catalog.songCount();
    int artists = catalog.artistCount();
    int genreCount = Genres.NAMES.size();

    // Songs of each artist, by weight descending (ties by song).
    long[] byArtist = new long[songs];
    for (int s = 0; s < songs; s++) {
      byArtist[s] = (long) catalog.songArtist(s) << 32 | s;
    }
    Arrays.sort(byArtist);
    artistFirst = new int[artists + 1];
    artistSongs = new int[songs];
    for (int i = 0; i < songs; i++) {
      artistFirst[(int) (byArtist[i] >>> 32) + 1]++;
    }
    for (int a = 0; a < artists; a++) {
      artistFirst[a + 1] += artistFirst[a];
    }
    Integer[] order = new Integer[0];
    for (int a = 0; a < artists; a++) {
      int from = artistFirst[a];
      int to = artistFirst[a + 1];
      if (order.length < to - from) {
        order = new Integer[to - from];
      }
      for (int i = from; i < to; i++) {
        order[i - from] = (int) byArtist[i];
      }
      Arrays.sort(order, 0, to - from, (x, y) -> {
        int byWeight = Double.compare(catalog.songWeight(y), catalog.songWeight(x));
        return byWeight != 0 ? byWeight : Integer.compare(x, y);
      });
      for (int i = from; i < to; i++) {
        artistSongs[i] = order[i - from];
      }
    }
    artistSongTotals = new double[songs];
    double[] artistWeights = new double[artists];
    for (int a = 0; a < artists; a++) {
      double sum = 0;
      for (int i = artistFirst[a]; i < artistFirst[a + 1]; i++) {
        sum += catalog.songWeight(artistSongs[i]);
        artistSongTotals[i] = sum;
      }
      artistWeights[a] = sum;
    }

    // Each genre's scene: its artists in rank order, neighbours being related.
    genreFirst = new int[genreCount + 1];
    for (int a = 0; a < artists; a++) {
      genreFirst[catalog.artistGenreIndex(a) + 1]++;
    }
    for (int g = 0; g < genreCount; g++) {
      genreFirst[g + 1] += genreFirst[g];
    }
    genreArtists = new int[artists];
    genreArtistTotals = new double[artists];
    artistPlaceInGenre = new int[artists];
    int[] filled = Arrays.copyOf(genreFirst, genreCount);
    double[] genreWeights = new double[genreCount];
    for (int a = 0; a < artists; a++) {
      int g = catalog.artistGenreIndex(a);
      int at = filled[g]++;
      genreArtists[at] = a;
      artistPlaceInGenre[a] = at - genreFirst[g];
      genreWeights[g] += artistWeights[a];
      genreArtistTotals[at] = genreWeights[g];
    }
    genres = new AliasTable(genreWeights);

    // Release days: a share of songs, never an artist's first, on days 1 .. days-1.
    releaseDay = new int[songs];
    SplitMix64 releases = SplitMix64.forStream(seed, RELEASES_STREAM);
    int freshCount = 0;
    long[] freshByGenre = new long[songs];
    for (int a = 0; a < artists && shape.days() > 1; a++) {
      for (int i = artistFirst[a] + 1; i < artistFirst[a + 1]; i++) {
        if (releases.nextDouble() < NEW_RELEASE_SHARE) {
          int song = artistSongs[i];
          releaseDay[song] = 1 + releases.nextInt(shape.days() - 1);
          freshByGenre[freshCount++] = (long) catalog.artistGenreIndex(a) << 48
              | (long) releaseDay[song] << 32 | song;
        }
      }
    }
    Arrays.sort(freshByGenre, 0, freshCount);
    freshFirst = new int[genreCount + 1];
    freshSongs = new int[freshCount];
    for (int i = 0; i < freshCount; i++) {
      freshFirst[(int) (freshByGenre[i] >>> 48) + 1]++;
      freshSongs[i] = (int) freshByGenre[i];
    }
    for (int g = 0; g < genreCount; g++) {
      freshFirst[g + 1] += freshFirst[g];
    }

    history = new int[catalog.userCount()][];
    historyLength = new int[catalog.userCount()];
    random = SplitMix64.forStream(seed, SESSIONS_STREAM);
  }

  /** The model over {@code catalog}, the same for the same shape. */
  public static TasteModel create(Catalog catalog, DatasetShape shape) {
    return new TasteModel(catalog, shape);
  }

  /** The day, from 0 for the first of the span, from which {@code song} is played. */
  public int releaseDay(int song) {
    return releaseDay[song];
  }

  /** One play: who, what, for how long and when. */
  static final class Play {
    int user;
    int song;
    int seconds;
    /** Seconds from the first day's midnight. */
    long second;
  }

  /** The play of row {@code index} (from 0, in order) into {@code play}. */
  void next(long index, PlayClock clock, Play play) {
    if (sessionLeft == 0) {
      startSession(index, clock);
    }
    sessionLeft--;
    int song = sessionSong();
    play.user = user;
    play.song = song;
    play.seconds = PlayWriter.listened(random.nextLong(), catalog.songSeconds(song));
    play.second = Math.min(sessionSecond, clock.spanSeconds() - 1);
    sessionSecond += play.seconds;
    artist = catalog.songArtist(song);
    remember(song);
  }

  private void startSession(long index, PlayClock clock) {
    user = catalog.drawUser(random.nextLong());
    double u = 1 - random.nextDouble();
    sessionLeft = (int) Math.min(MAX_SESSION_PLAYS,
        1 + Math.floor(-Math.log(u) * MEAN_EXTRA_SESSION_PLAYS));
    sessionSecond = clock.secondAt(index);
    sessionDay = (int) (sessionSecond / SECONDS_PER_DAY);
    artist = -1;
    taste(user);
  }

  /** The user's liked genres and favourite artists, from the seed and the user alone. */
  private void taste(int forUser) {
    SplitMix64 tasteRandom = SplitMix64.forStream(seed, TASTE_STREAMS + forUser);
    for (int i = 0; i < likedGenres.length; i++) {
      int genre;
      do {
        // A genre without artists has no weight; the loop only guards against rounding.
        genre = genres.sample(tasteRandom.nextLong());
      } while (genreFirst[genre] == genreFirst[genre + 1]);
      likedGenres[i] = genre;
    }
    for (int i = 0; i < favourites.length; i++) {
      favourites[i] = artistOf(likedGenre(tasteRandom.nextDouble()), tasteRandom.nextDouble());
    }
  }

  private int likedGenre(double u) {
    for (int i = 0; i < GENRE_LIKING.length - 1; i++) {
      if (u < GENRE_LIKING[i]) {
        return likedGenres[i];
      }
      u -= GENRE_LIKING[i];
    }
    return likedGenres[GENRE_LIKING.length - 1];
  }

  private int sessionSong() {
    double u = random.nextDouble();
    if (u < CHART_SHARE) {
      return chartSong();
    }
    u = random.nextDouble();
    if (artist < 0) {
      // The session's first song.
      if (u < 0.3 && historyLength[user] > 0) {
        return replay();
      }
      if (u < 0.6) {
        return songOf(favourites[random.nextInt(favourites.length)]);
      }
      int genre = likedGenre(random.nextDouble());
      if (u < 0.9) {
        return songOf(artistOf(genre, random.nextDouble()));
      }
      int fresh = freshRelease(genre);
      return fresh >= 0 ? fresh : songOf(artistOf(genre, random.nextDouble()));
    }
    if (u < 0.4) {
      return songOf(artist);
    }
    if (u < 0.7) {
      return songOf(related(artist));
    }
    return historyLength[user] > 0 ? replay() : songOf(artist);
  }

  /** A song of the user's recent plays, as often as it was played among them. */
  private int replay() {
    return history[user][random.nextInt(historyLength[user])];
  }

  private void remember(int song) {
    int[] plays = history[user];
    int length = historyLength[user];
    if (plays == null) {
      plays = history[user] = new int[8];
    } else if (length == plays.length && length < HISTORY_CAP) {
      plays = history[user] = Arrays.copyOf(plays, Math.min(HISTORY_CAP, length * 2));
    }
    if (length < plays.length) {
      plays[length] = song;
      historyLength[user] = length + 1;
    } else {
      plays[random.nextInt(length)] = song;
    }
  }

  /** An artist of {@code genre} by popularity, from a uniform {@code u}. */
  private int artistOf(int genre, double u) {
    int from = genreFirst[genre];
    int to = genreFirst[genre + 1];
    return genreArtists[search(genreArtistTotals, from, to, u * genreArtistTotals[to - 1])];
  }

  /** One of the artists either side of {@code of} in its genre's scene. */
  private int related(int of) {
    int genre = catalog.artistGenreIndex(of);
    int from = genreFirst[genre];
    int size = genreFirst[genre + 1] - from;
    int step = 1 + random.nextInt(RELATED);
    int place = artistPlaceInGenre[of] + (random.nextDouble() < 0.5 ? -step : step);
    return genreArtists[from + Math.floorMod(place, size)];
  }

  /** A released song of {@code of} by popularity; its most popular song is always out. */
  private int songOf(int of) {
    int from = artistFirst[of];
    int to = artistFirst[of + 1];
    for (int attempt = 0; attempt < 4; attempt++) {
      int song = artistSongs[search(artistSongTotals, from, to,
          random.nextDouble() * artistSongTotals[to - 1])];
      if (releaseDay[song] <= sessionDay) {
        return song;
      }
    }
    return artistSongs[from];
  }

  /** A song of the global chart that is out, else its artist's most popular. */
  private int chartSong() {
    int song = catalog.drawSong(random.nextLong());
    return releaseDay[song] <= sessionDay ? song : artistSongs[artistFirst[catalog.songArtist(
        song)]];
  }

  /**
   * A song of {@code genre} released in the last {@link #FRESH_DAYS} days, the fresher the
   * likelier; -1 if there is none.
   */
  private int freshRelease(int genre) {
    int from = freshFirst[genre];
    int to = freshFirst[genre + 1];
    int start = releasedAfter(from, to, sessionDay - FRESH_DAYS);
    int end = releasedAfter(start, to, sessionDay);
    if (start == end) {
      return -1;
    }
    int song = freshSongs[start + random.nextInt(end - start)];
    for (int attempt = 0; attempt < 4; attempt++) {
      int age = sessionDay - releaseDay[song];
      if (random.nextDouble() < Math.exp(-age / FRESH_FADE_DAYS)) {
        break;
      }
      song = freshSongs[start + random.nextInt(end - start)];
    }
    return song;
  }

  /** The first index in [from, to) of {@link #freshSongs} released after {@code day}. */
  private int releasedAfter(int from, int to, int day) {
    int low = from;
    int high = to;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (releaseDay[freshSongs[middle]] <= day) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** The first index in [from, to) whose cumulative weight exceeds {@code target}. */
  private static int search(double[] totals, int from, int to, double target) {
    int low = from;
    int high = to - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (totals[middle] > target) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }
}
