package org.musicanalytics.functions;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.musicanalytics.functions.internal.Utf8Interner;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.Song;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * The one pass over plays behind every record-reading stage: in a single pass it counts
 * whichever {@link Part}s it was asked for (plays per song, per user, per genre), and
 * finishes them into the stages' answers with the {@link Summaries} finalisers.
 *
 * <p>Plays come either as {@link StreamRecord}s ({@link #add(StreamRecord)}, after
 * {@link StreamRecords#validate}) or straight from a {@code StreamList}'s wire form
 * ({@link #addEncoded(byte[])}), which builds no per-record objects and decodes each
 * distinct string once. Both feed the same counters, so both give the same answers. The
 * answers come as messages, or, for {@code analyzeShard}, encoded straight from the counters
 * ({@link #encodeShardSummary}).
 *
 * <p>Not thread-safe: one aggregator per request.
 */
public final class PlayAggregator {

  /** What an aggregator counts. */
  public enum Part {
    /** Plays per song key, with each key's parts ({@code aggregateStream}). */
    PLAY_COUNTS,
    /** Per user: seconds listened and plays per artist ({@code analyzeUsers}). */
    USERS,
    /** Plays per genre ({@code analyzeGenres}). */
    GENRES
  }

  // StreamList and StreamRecord tags: field number << 3 | wire type.
  private static final int RECORDS = 1 << 3 | 2;
  private static final int USER_ID = 1 << 3 | 2;
  private static final int SONG_ID = 2 << 3 | 2;
  private static final int ARTIST = 3 << 3 | 2;
  private static final int DURATION = 4 << 3;
  private static final int TIMESTAMP = 5 << 3 | 2;
  private static final int GENRE = 6 << 3 | 2;

  /** A mutable count, so a play costs a lookup and an increment, not a boxed merge. */
  private static final class Count {
    long value;
  }

  /** One user so far. */
  private static final class Listening {
    long totalSeconds;
    final Map<String, Count> playsByArtist = new HashMap<>();
  }

  private final boolean playCounts;
  private final boolean users;
  private final boolean genres;
  /** Artist, then song id: no key string is built per play. */
  private final Map<String, Map<String, Count>> songsByArtist = new HashMap<>();
  private final Map<String, Listening> byUser = new HashMap<>();
  private final Map<String, Count> byGenre = new HashMap<>();
  private Utf8Interner strings;

  /** An aggregator of {@code parts}. */
  public PlayAggregator(Set<Part> parts) {
    EnumSet<Part> wanted = parts.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(parts);
    this.playCounts = wanted.contains(Part.PLAY_COUNTS);
    this.users = wanted.contains(Part.USERS);
    this.genres = wanted.contains(Part.GENRES);
  }

  /** An aggregator of every part. */
  public static PlayAggregator ofAll() {
    return new PlayAggregator(EnumSet.allOf(Part.class));
  }

  /** Counts every record of {@code plays}, validated first ({@link StreamRecords#validate}). */
  public PlayAggregator addAll(StreamList plays) {
    StreamRecords.validate(plays);
    for (StreamRecord record : plays.getRecordsList()) {
      add(record);
    }
    return this;
  }

  /** Counts one play, which the caller has validated. */
  public void add(StreamRecord record) {
    add(record.getUserId(), record.getSongId(), record.getArtist(), record.getDuration(),
        record.getGenre());
  }

  /** Counts one play, which the caller has validated. */
  public void add(String userId, String songId, String artist, int duration, String genre) {
    if (playCounts) {
      songsByArtist.computeIfAbsent(artist, a -> new HashMap<>())
          .computeIfAbsent(songId, s -> new Count()).value++;
    }
    if (users) {
      Listening listening = byUser.get(userId);
      if (listening == null) {
        listening = new Listening();
        byUser.put(userId, listening);
      }
      listening.totalSeconds += duration;
      Count plays = listening.playsByArtist.get(artist);
      if (plays == null) {
        plays = new Count();
        listening.playsByArtist.put(artist, plays);
      }
      plays.value++;
    }
    if (genres) {
      Count plays = byGenre.get(genre);
      if (plays == null) {
        plays = new Count();
        byGenre.put(genre, plays);
      }
      plays.value++;
    }
  }

  /**
   * Counts every record of a {@code StreamList} in its wire form, as
   * {@code addAll(StreamList.parseFrom(streamList))} would: fields and records it does not
   * know are skipped, a string field that is not UTF-8 or a malformed message fails as the
   * generated parser fails, and then records are validated as
   * {@link StreamRecords#validate} does, naming the first bad record.
   *
   * @return how many records the request holds
   * @throws InvalidProtocolBufferException if the bytes are not a {@code StreamList}
   * @throws InvalidRequestException if a record is invalid; the bytes parse
   */
  public int addEncoded(byte[] streamList) throws InvalidProtocolBufferException {
    if (strings == null) {
      strings = new Utf8Interner();
    }
    try {
      return read(streamList);
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      // CodedInputStream declares it; over an array only the above is thrown.
      throw new InvalidProtocolBufferException(e);
    }
  }

  private int read(byte[] streamList) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(streamList);
    InvalidRequestException firstInvalid = null;
    int index = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      if (tag == RECORDS) {
        int limit = in.pushLimit(in.readRawVarint32());
        InvalidRequestException invalid = readRecord(in, streamList, index, firstInvalid == null);
        in.checkLastTagWas(0);
        in.popLimit(limit);
        if (firstInvalid == null) {
          firstInvalid = invalid;
        }
        index++;
      } else if (!in.skipField(tag)) {
        in.checkLastTagWas(0); // an end-group tag: fails as the generated parser does
      }
    }
    // The generated path parses the whole request before validating it: a parse error
    // anywhere wins over a bad record.
    if (firstInvalid != null) {
      throw firstInvalid;
    }
    return index;
  }

  /** Reads one record; counts it if {@code count} and it is valid, else returns why not. */
  private InvalidRequestException readRecord(CodedInputStream in, byte[] buffer, int index,
      boolean count) throws IOException {
    String userId = "";
    String songId = "";
    String artist = "";
    String genre = "";
    int duration = 0;
    while (true) {
      int tag = in.readTag();
      switch (tag) {
        case 0:
          break;
        case USER_ID:
          userId = readString(in, buffer);
          continue;
        case SONG_ID:
          songId = readString(in, buffer);
          continue;
        case ARTIST:
          artist = readString(in, buffer);
          continue;
        case DURATION:
          duration = in.readInt32();
          continue;
        case TIMESTAMP:
          // No stage reads it, and nearly every value is distinct: checked, not kept.
          int length = in.readRawVarint32();
          int offset = in.getTotalBytesRead();
          in.skipRawBytes(length);
          Utf8Interner.requireUtf8(buffer, offset, length);
          continue;
        case GENRE:
          genre = readString(in, buffer);
          continue;
        default:
          if (in.skipField(tag)) {
            continue;
          }
          // An end-group tag: the caller finds it as the last tag.
      }
      break;
    }
    InvalidRequestException problem = StreamRecords.problem(index, userId, duration);
    if (problem == null && count) {
      add(userId, songId, artist, duration, genre);
    }
    return problem;
  }

  private String readString(CodedInputStream in, byte[] buffer) throws IOException {
    int length = in.readRawVarint32();
    int offset = in.getTotalBytesRead();
    in.skipRawBytes(length); // checks the length against the message
    return strings.intern(buffer, offset, length);
  }

  // ---- answers --------------------------------------------------------------------

  /**
   * Plays per song key {@code "<artist> - <song_id>"}, with every key's parts (of two
   * songs behind one key, {@link Summaries#canonicalSong}); no processing time.
   */
  public PlayCounts.Builder playCounts() {
    Map<String, Long> counts = new HashMap<>();
    Map<String, Song> songs = new HashMap<>();
    songsByArtist.forEach((artist, bySong) -> bySong.forEach((songId, plays) -> {
      String key = StreamRecords.songKey(artist, songId);
      counts.merge(key, plays.value, Math::addExact);
      Song song = Song.newBuilder().setArtist(artist).setSongId(songId).build();
      songs.merge(key, song, Summaries::canonicalSong);
    }));
    return PlayCounts.newBuilder().putAllPlayCounts(counts).putAllSongs(songs);
  }

  /** Every user's summary and the top users ({@link Summaries#userStats}); no processing time. */
  public UserStatsList.Builder userStats() {
    List<UserStat> stats = new ArrayList<>(byUser.size());
    byUser.forEach((userId, listening) -> stats.add(Summaries.userStat(userId,
        listening.totalSeconds, values(listening.playsByArtist))));
    return Summaries.userStats(stats);
  }

  /** Plays per genre, ranked ({@link Summaries#genres}); no processing time. */
  public GenreAnalysisResponse.Builder genres() {
    return Summaries.genres(values(byGenre));
  }

  /**
   * The {@code ShardSummary} of every part, encoded straight from the counts: the message
   * {@code analyzeShard} answers (parts finalised by the same rules as
   * {@link #playCounts()}, {@link #userStats()} and {@link #genres()}, their
   * {@code processing_time} 0), without building it.
   *
   * @param clock read last, for the summary's {@code processing_time}
   */
  public byte[] encodeShardSummary(StageClock clock) {
    // Finalised, unencoded: song keys with their parts, users by id with their top
    // artist, the rankings.
    Map<String, SongTotal> songs = songTotals();
    List<String> userIds = new ArrayList<>(byUser.keySet());
    userIds.sort(null);
    List<Map<String, Long>> artistPlays = new ArrayList<>(userIds.size());
    List<String> topArtists = new ArrayList<>(userIds.size());
    Map<String, Long> totals = new HashMap<>(userIds.size() * 2);
    for (String userId : userIds) {
      Listening listening = byUser.get(userId);
      Map<String, Long> plays = values(listening.playsByArtist);
      artistPlays.add(plays);
      topArtists.add(Summaries.topArtist(plays));
      totals.put(userId, listening.totalSeconds);
    }
    List<String> topUsers = Ranking.top(totals, Ranking.TOP_K);
    Map<String, Long> genreCounts = values(byGenre);
    List<String> topGenres = Ranking.rank(genreCounts);

    // Sizes, innermost first: every message is preceded by its length.
    int playCountsSize = 0;
    for (Map.Entry<String, SongTotal> song : songs.entrySet()) {
      playCountsSize += entry(1, countEntrySize(song.getKey(), song.getValue().plays));
      playCountsSize += entry(3, songEntrySize(song.getKey(), song.getValue()));
    }
    int[] userSizes = new int[userIds.size()];
    int userStatsSize = 0;
    for (int i = 0; i < userSizes.length; i++) {
      int size = CodedOutputStream.computeStringSize(1, userIds.get(i))
          + CodedOutputStream.computeInt64Size(2, byUser.get(userIds.get(i)).totalSeconds)
          + CodedOutputStream.computeStringSize(3, topArtists.get(i));
      for (Map.Entry<String, Long> plays : artistPlays.get(i).entrySet()) {
        size += entry(4, countEntrySize(plays.getKey(), plays.getValue()));
      }
      userSizes[i] = size;
      userStatsSize += entry(1, size);
    }
    for (String user : topUsers) {
      userStatsSize += CodedOutputStream.computeStringSize(2, user);
    }
    int genresSize = 0;
    for (Map.Entry<String, Long> genre : genreCounts.entrySet()) {
      genresSize += entry(1, countEntrySize(genre.getKey(), genre.getValue()));
    }
    for (String genre : topGenres) {
      genresSize += CodedOutputStream.computeStringSize(2, genre);
    }
    int total = entry(1, playCountsSize) + entry(2, userStatsSize) + entry(3, genresSize)
        + CodedOutputStream.computeDoubleSize(4, 1.0);

    byte[] bytes = new byte[total];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      startMessage(out, 1, playCountsSize);
      for (Map.Entry<String, SongTotal> song : songs.entrySet()) {
        String key = song.getKey();
        SongTotal parts = song.getValue();
        startMessage(out, 1, countEntrySize(key, parts.plays));
        out.writeString(1, key);
        out.writeInt64(2, parts.plays);
        startMessage(out, 3, songEntrySize(key, parts));
        out.writeString(1, key);
        startMessage(out, 2, songSize(parts));
        out.writeString(1, parts.artist);
        out.writeString(2, parts.songId);
      }
      startMessage(out, 2, userStatsSize);
      for (int i = 0; i < userSizes.length; i++) {
        startMessage(out, 1, userSizes[i]);
        out.writeString(1, userIds.get(i));
        out.writeInt64(2, byUser.get(userIds.get(i)).totalSeconds);
        out.writeString(3, topArtists.get(i));
        for (Map.Entry<String, Long> plays : artistPlays.get(i).entrySet()) {
          writeCountEntry(out, 4, plays.getKey(), plays.getValue());
        }
      }
      for (String user : topUsers) {
        out.writeString(2, user);
      }
      startMessage(out, 3, genresSize);
      for (Map.Entry<String, Long> genre : genreCounts.entrySet()) {
        writeCountEntry(out, 1, genre.getKey(), genre.getValue());
      }
      for (String genre : topGenres) {
        out.writeString(2, genre);
      }
      // Written as a double even when 0, so the size computed above holds.
      out.writeDouble(4, clock.elapsedSeconds());
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("the summary's computed size is wrong", e);
    }
    return bytes;
  }

  /** A song key's plays and parts (of two songs behind one key, the canonical one). */
  private static final class SongTotal {
    long plays;
    String artist;
    String songId;
  }

  private Map<String, SongTotal> songTotals() {
    Map<String, SongTotal> songs = new HashMap<>();
    songsByArtist.forEach((artist, bySong) -> bySong.forEach((songId, plays) -> {
      String key = StreamRecords.songKey(artist, songId);
      SongTotal total = songs.get(key);
      if (total == null) {
        total = new SongTotal();
        total.artist = artist;
        total.songId = songId;
        songs.put(key, total);
      } else {
        Song known = Song.newBuilder().setArtist(total.artist).setSongId(total.songId).build();
        Song song = Summaries.canonicalSong(known,
            Song.newBuilder().setArtist(artist).setSongId(songId).build());
        total.artist = song.getArtist();
        total.songId = song.getSongId();
      }
      total.plays = Math.addExact(total.plays, plays.value);
    }));
    return songs;
  }

  /** The size of a length-delimited field of a message of {@code size} bytes. */
  private static int entry(int field, int size) {
    return CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  private static int countEntrySize(String key, long count) {
    return CodedOutputStream.computeStringSize(1, key)
        + CodedOutputStream.computeInt64Size(2, count);
  }

  private static int songSize(SongTotal song) {
    return CodedOutputStream.computeStringSize(1, song.artist)
        + CodedOutputStream.computeStringSize(2, song.songId);
  }

  private static int songEntrySize(String key, SongTotal song) {
    return CodedOutputStream.computeStringSize(1, key) + entry(2, songSize(song));
  }

  private static void startMessage(CodedOutputStream out, int field, int size)
      throws IOException {
    out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(size);
  }

  private static void writeCountEntry(CodedOutputStream out, int field, String key, long count)
      throws IOException {
    startMessage(out, field, countEntrySize(key, count));
    out.writeString(1, key);
    out.writeInt64(2, count);
  }

  private static Map<String, Long> values(Map<String, Count> counts) {
    Map<String, Long> values = new HashMap<>(counts.size() * 2);
    counts.forEach((key, count) -> values.put(key, count.value));
    return values;
  }
}
