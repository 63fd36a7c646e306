package org.musicanalytics.functions;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.musicanalytics.functions.internal.IntLongCounts;
import org.musicanalytics.functions.internal.Utf8Interner;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardSummary;
import org.musicanalytics.proto.Song;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * Merges the partial answers of many shards as they arrive, into running totals rather
 * than a new message per merge: the answers are exactly those of {@link Summaries}'
 * {@code merge} over the same parts, in any order, but each part costs one pass over it.
 *
 * <p>Parts come as messages ({@link #add(ShardSummary)} and the per-stage {@code add}s)
 * or as a {@code ShardSummary}'s wire form ({@link #addEncoded(byte[])}), which is read
 * straight into the totals, with no message objects, each distinct string decoded once.
 * The wire form is read as protobuf writes it: a map key once per map, and each of the
 * summary's parts once (a hand-made message that repeats them is read as if merged by
 * addition, where the generated parser would keep the last).
 *
 * <p>The user × artist counts, about as many as the input has rows, are held compactly:
 * each artist name once, with an int id, and per user a primitive map from artist id to
 * plays ({@link IntLongCounts}). A caller that needs only each user's totals and top
 * artist asks for {@link #userStats(boolean) userStats(false)}, which leaves
 * {@code artist_plays} out instead of building a map entry per pair.
 *
 * <p>Not thread-safe: merge on one thread, or synchronize around every call.
 */
public final class SummaryAccumulator {

  // Tags (field number << 3 | wire type) of ShardSummary and the messages it holds.
  private static final int SUMMARY_PLAY_COUNTS = 1 << 3 | 2;
  private static final int SUMMARY_USER_STATS = 2 << 3 | 2;
  private static final int SUMMARY_GENRES = 3 << 3 | 2;
  private static final int SUMMARY_TIME = 4 << 3 | 1;
  private static final int PLAY_COUNTS_ENTRY = 1 << 3 | 2;
  private static final int PLAY_COUNTS_TIME = 2 << 3 | 1;
  private static final int SONGS_ENTRY = 3 << 3 | 2;
  private static final int USER_STAT = 1 << 3 | 2;
  private static final int TOP_USERS = 2 << 3 | 2;
  private static final int USER_STATS_TIME = 3 << 3 | 1;
  private static final int USER_ID = 1 << 3 | 2;
  private static final int TOTAL_TIME = 2 << 3;
  private static final int TOP_ARTIST = 3 << 3 | 2;
  private static final int ARTIST_PLAYS_ENTRY = 4 << 3 | 2;
  private static final int GENRE_COUNTS_ENTRY = 1 << 3 | 2;
  private static final int TOP_GENRES = 2 << 3 | 2;
  private static final int GENRES_TIME = 3 << 3 | 1;
  // Map entries: key 1, value 2; Song: artist 1, song_id 2.
  private static final int KEY = 1 << 3 | 2;
  private static final int COUNT_VALUE = 2 << 3;
  private static final int MESSAGE_VALUE = 2 << 3 | 2;
  private static final int ARTIST = 1 << 3 | 2;
  private static final int SONG_ID = 2 << 3 | 2;

  /** A mutable count. */
  private static final class Count {
    long value;
  }

  /** One user's parts so far. */
  private static final class UserParts {
    long totalSeconds;
    /** Plays by artist id ({@link #artistIds}). */
    final IntLongCounts playsByArtist = new IntLongCounts();
    int parts;
    /** The top artist of the first part: a user with one part keeps it as it was. */
    String firstTopArtist;
    boolean missingArtistPlays;
  }

  private final Map<String, Count> playCounts = new HashMap<>();
  private final Map<String, Song> songs = new HashMap<>();
  private final Map<String, UserParts> users = new HashMap<>();
  private final Map<String, Count> genres = new HashMap<>();
  private double playCountsTime;
  private double userStatsTime;
  private double genresTime;
  private double processingTime;
  private final Utf8Interner strings = new Utf8Interner();
  /** Every artist of {@code artist_plays} so far: its id, and by id its name. */
  private final Map<String, Integer> artistIds = new HashMap<>();
  private final List<String> artistNames = new ArrayList<>();
  /** One user's artist plays as read, held until the user id is known. */
  private int[] pendingArtists = new int[64];
  private long[] pendingPlays = new long[64];

  // ---- parts as messages ----------------------------------------------------------

  /** Adds one shard's summary. */
  public void add(ShardSummary summary) {
    add(summary.getPlayCounts());
    add(summary.getUserStats());
    add(summary.getGenres());
    processingTime += summary.getProcessingTime();
  }

  /** Adds one shard's play counts. */
  public void add(PlayCounts part) {
    part.getPlayCountsMap().forEach(this::addPlays);
    part.getSongsMap().forEach(this::addSong);
    playCountsTime += part.getProcessingTime();
  }

  /**
   * Adds one shard's user summaries.
   *
   * @throws IllegalArgumentException as {@link Summaries#merge(UserStatsList, UserStatsList)}
   *     does: a user in two parts lacks {@code artist_plays}
   */
  public void add(UserStatsList part) {
    for (UserStat user : part.getUserStatsList()) {
      UserParts parts = userParts(user.getUserId(), user.getTotalTime(), user.getTopArtist());
      user.getArtistPlaysMap().forEach((artist, plays) -> parts.playsByArtist.add(
          artistId(artist), plays));
      endUser(user.getUserId(), parts, user.getArtistPlaysCount() == 0);
    }
    userStatsTime += part.getProcessingTime();
  }

  /** Adds one shard's genre counts. */
  public void add(GenreAnalysisResponse part) {
    part.getGenreCountsMap().forEach((genre, plays) -> addCount(genres, genre, plays));
    genresTime += part.getProcessingTime();
  }

  // ---- parts as bytes -------------------------------------------------------------

  /**
   * Adds one shard's summary from its wire form, as {@code add(ShardSummary.parseFrom(..))}
   * would, without building it.
   *
   * @throws InvalidProtocolBufferException where {@code ShardSummary.parseFrom} fails; the
   *     totals may then hold part of the summary
   */
  public void addEncoded(byte[] shardSummary) throws InvalidProtocolBufferException {
    try {
      readSummary(CodedInputStream.newInstance(shardSummary), shardSummary);
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      // CodedInputStream declares it; over an array only the above is thrown.
      throw new InvalidProtocolBufferException(e);
    }
  }

  /** As {@link #addEncoded(byte[])}, reading the stream to its end. */
  public void addEncoded(InputStream shardSummary) throws IOException {
    addEncoded(shardSummary.readAllBytes());
  }

  private void readSummary(CodedInputStream in, byte[] buffer) throws IOException {
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case SUMMARY_PLAY_COUNTS -> {
          int limit = enter(in);
          readPlayCounts(in, buffer);
          leave(in, limit);
        }
        case SUMMARY_USER_STATS -> {
          int limit = enter(in);
          readUserStats(in, buffer);
          leave(in, limit);
        }
        case SUMMARY_GENRES -> {
          int limit = enter(in);
          readGenres(in, buffer);
          leave(in, limit);
        }
        case SUMMARY_TIME -> processingTime += in.readDouble();
        default -> skip(in, tag);
      }
    }
  }

  private void readPlayCounts(CodedInputStream in, byte[] buffer) throws IOException {
    double time = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case PLAY_COUNTS_ENTRY -> {
          int limit = enter(in);
          String key = "";
          long plays = 0;
          for (int field = in.readTag(); field != 0; field = in.readTag()) {
            switch (field) {
              case KEY -> key = readString(in, buffer);
              case COUNT_VALUE -> plays = in.readInt64();
              default -> skip(in, field);
            }
          }
          leave(in, limit);
          addPlays(key, plays);
        }
        case SONGS_ENTRY -> {
          int limit = enter(in);
          String key = "";
          String artist = "";
          String songId = "";
          for (int field = in.readTag(); field != 0; field = in.readTag()) {
            switch (field) {
              case KEY -> key = readString(in, buffer);
              case MESSAGE_VALUE -> {
                int songLimit = enter(in);
                for (int part = in.readTag(); part != 0; part = in.readTag()) {
                  switch (part) {
                    case ARTIST -> artist = readString(in, buffer);
                    case SONG_ID -> songId = readString(in, buffer);
                    default -> skip(in, part);
                  }
                }
                leave(in, songLimit);
              }
              default -> skip(in, field);
            }
          }
          leave(in, limit);
          addSong(key, Song.newBuilder().setArtist(artist).setSongId(songId).build());
        }
        case PLAY_COUNTS_TIME -> time = in.readDouble();
        default -> skip(in, tag);
      }
    }
    playCountsTime += time;
  }

  private void readUserStats(CodedInputStream in, byte[] buffer) throws IOException {
    double time = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case USER_STAT -> {
          int limit = enter(in);
          readUser(in, buffer);
          leave(in, limit);
        }
        case TOP_USERS -> skipString(in, buffer); // recomputed from the totals
        case USER_STATS_TIME -> time = in.readDouble();
        default -> skip(in, tag);
      }
    }
    userStatsTime += time;
  }

  private void readUser(CodedInputStream in, byte[] buffer) throws IOException {
    String userId = "";
    long totalSeconds = 0;
    String topArtist = "";
    // Artist plays may come before the user id: held until the user is known.
    int pending = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case USER_ID -> userId = readString(in, buffer);
        case TOTAL_TIME -> totalSeconds = in.readInt64();
        case TOP_ARTIST -> topArtist = readString(in, buffer);
        case ARTIST_PLAYS_ENTRY -> {
          int limit = enter(in);
          String artist = "";
          long count = 0;
          for (int field = in.readTag(); field != 0; field = in.readTag()) {
            switch (field) {
              case KEY -> artist = readString(in, buffer);
              case COUNT_VALUE -> count = in.readInt64();
              default -> skip(in, field);
            }
          }
          leave(in, limit);
          if (pending == pendingArtists.length) {
            pendingArtists = Arrays.copyOf(pendingArtists, pending * 2);
            pendingPlays = Arrays.copyOf(pendingPlays, pending * 2);
          }
          pendingArtists[pending] = artistId(artist);
          pendingPlays[pending++] = count;
        }
        default -> skip(in, tag);
      }
    }
    UserParts parts = userParts(userId, totalSeconds, topArtist);
    for (int i = 0; i < pending; i++) {
      parts.playsByArtist.add(pendingArtists[i], pendingPlays[i]);
    }
    endUser(userId, parts, pending == 0);
  }

  private void readGenres(CodedInputStream in, byte[] buffer) throws IOException {
    double time = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case GENRE_COUNTS_ENTRY -> {
          int limit = enter(in);
          String genre = "";
          long plays = 0;
          for (int field = in.readTag(); field != 0; field = in.readTag()) {
            switch (field) {
              case KEY -> genre = readString(in, buffer);
              case COUNT_VALUE -> plays = in.readInt64();
              default -> skip(in, field);
            }
          }
          leave(in, limit);
          addCount(genres, genre, plays);
        }
        case TOP_GENRES -> skipString(in, buffer); // recomputed from the counts
        case GENRES_TIME -> time = in.readDouble();
        default -> skip(in, tag);
      }
    }
    genresTime += time;
  }

  private static int enter(CodedInputStream in) throws IOException {
    return in.pushLimit(in.readRawVarint32());
  }

  private static void leave(CodedInputStream in, int limit) throws IOException {
    in.checkLastTagWas(0);
    in.popLimit(limit);
  }

  /** Skips an unknown field; an end-group tag ends the message, which then fails. */
  private static void skip(CodedInputStream in, int tag) throws IOException {
    if (!in.skipField(tag)) {
      in.checkLastTagWas(0);
    }
  }

  private String readString(CodedInputStream in, byte[] buffer) throws IOException {
    int length = in.readRawVarint32();
    int offset = in.getTotalBytesRead();
    in.skipRawBytes(length);
    return strings.intern(buffer, offset, length);
  }

  private static void skipString(CodedInputStream in, byte[] buffer) throws IOException {
    int length = in.readRawVarint32();
    int offset = in.getTotalBytesRead();
    in.skipRawBytes(length);
    Utf8Interner.requireUtf8(buffer, offset, length);
  }

  // ---- the totals -----------------------------------------------------------------

  private void addPlays(String key, long plays) {
    addCount(playCounts, key, plays);
  }

  private void addSong(String key, Song song) {
    songs.merge(key, song, Summaries::canonicalSong);
  }

  private static void addCount(Map<String, Count> counts, String key, long plays) {
    Count count = counts.get(key);
    if (count == null) {
      count = new Count();
      counts.put(key, count);
    }
    count.value = Math.addExact(count.value, plays);
  }

  private int artistId(String artist) {
    Integer id = artistIds.get(artist);
    if (id == null) {
      id = artistNames.size();
      artistIds.put(artist, id);
      artistNames.add(artist);
    }
    return id;
  }

  private UserParts userParts(String userId, long totalSeconds, String topArtist) {
    UserParts parts = users.get(userId);
    if (parts == null) {
      parts = new UserParts();
      parts.firstTopArtist = topArtist;
      users.put(userId, parts);
    }
    parts.totalSeconds = Math.addExact(parts.totalSeconds, totalSeconds);
    parts.parts++;
    return parts;
  }

  private static void endUser(String userId, UserParts parts, boolean missingArtistPlays) {
    parts.missingArtistPlays |= missingArtistPlays;
    if (parts.parts > 1 && parts.missingArtistPlays) {
      throw new IllegalArgumentException("cannot merge the summaries of user '" + userId
          + "': artist_plays is missing, so the top artist is unknown");
    }
  }

  // ---- answers --------------------------------------------------------------------

  /** The merged play counts; {@code processing_time} is the parts' sum. */
  public PlayCounts playCounts() {
    return PlayCounts.newBuilder()
        .putAllPlayCounts(values(playCounts))
        .putAllSongs(songs)
        .setProcessingTime(playCountsTime)
        .build();
  }

  /**
   * The merged user summaries, finalised ({@link Summaries#userStats}); a user with one
   * part keeps its top artist as it came. {@code processing_time} is the parts' sum.
   */
  public UserStatsList userStats() {
    return userStats(true);
  }

  /**
   * As {@link #userStats()}, with or without each user's {@code artist_plays}: without,
   * every other field is the same, and no map entry is built per user × artist pair.
   */
  public UserStatsList userStats(boolean withArtistPlays) {
    List<UserStat> stats = new ArrayList<>(users.size());
    users.forEach((userId, parts) -> {
      UserStat.Builder user = UserStat.newBuilder().setUserId(userId)
          .setTotalTime(parts.totalSeconds)
          .setTopArtist(parts.parts == 1 ? parts.firstTopArtist : topArtist(parts));
      if (withArtistPlays) {
        Map<String, Long> artistPlays = new HashMap<>(parts.playsByArtist.size() * 2);
        parts.playsByArtist.forEach((artist, plays) -> artistPlays.put(
            artistNames.get(artist), plays));
        user.putAllArtistPlays(artistPlays);
      }
      stats.add(user.build());
    });
    return Summaries.userStats(stats).setProcessingTime(userStatsTime).build();
  }

  /**
   * As {@link Summaries#topArtist}: the most played, ties by name ({@code String}
   * order, not id order); {@code ""} for none.
   */
  private String topArtist(UserParts parts) {
    int[] top = {-1};
    long[] topPlays = {0};
    parts.playsByArtist.forEach((artist, plays) -> {
      if (top[0] < 0 || plays > topPlays[0] || plays == topPlays[0]
          && artistNames.get(artist).compareTo(artistNames.get(top[0])) < 0) {
        top[0] = artist;
        topPlays[0] = plays;
      }
    });
    return top[0] < 0 ? "" : artistNames.get(top[0]);
  }

  /** The merged genre counts, ranked; {@code processing_time} is the parts' sum. */
  public GenreAnalysisResponse genres() {
    return Summaries.genres(values(genres)).setProcessingTime(genresTime).build();
  }

  /** The sum of the summaries' own {@code processing_time}. */
  public double processingTime() {
    return processingTime;
  }

  private static Map<String, Long> values(Map<String, Count> counts) {
    Map<String, Long> values = new HashMap<>(counts.size() * 2);
    counts.forEach((key, count) -> values.put(key, count.value));
    return values;
  }
}
