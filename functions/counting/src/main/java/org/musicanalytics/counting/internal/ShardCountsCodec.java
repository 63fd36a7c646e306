package org.musicanalytics.counting.internal;

import static com.google.protobuf.WireFormat.WIRETYPE_FIXED64;
import static com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED;
import static com.google.protobuf.WireFormat.WIRETYPE_VARINT;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.musicanalytics.counting.PlayDay;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.ShardCounts;

/**
 * The {@code ShardCounts} form of a {@link Tally}: each dictionary's strings once, in id
 * order, and packed arrays of counts that index them. Written straight from a shard's
 * tally ({@link #encode}) or as a message ({@link #message}); read, from bytes or from the
 * message, into another tally ({@link Reader}), each string looked up once and every count
 * added under the reader's own ids.
 */
public final class ShardCountsCodec {

  // Field numbers of ShardCounts.
  private static final int TIME = ShardCounts.PROCESSING_TIME_FIELD_NUMBER;
  private static final int USER_IDS = ShardCounts.USER_IDS_FIELD_NUMBER;
  private static final int ARTISTS = ShardCounts.ARTISTS_FIELD_NUMBER;
  private static final int SONG_IDS = ShardCounts.SONG_IDS_FIELD_NUMBER;
  private static final int GENRE_NAMES = ShardCounts.GENRE_NAMES_FIELD_NUMBER;
  private static final int SONG_ARTIST_INDEX = ShardCounts.SONG_ARTIST_INDEX_FIELD_NUMBER;
  private static final int SONG_ID_INDEX = ShardCounts.SONG_ID_INDEX_FIELD_NUMBER;
  private static final int SONG_PLAYS = ShardCounts.SONG_PLAYS_FIELD_NUMBER;
  private static final int USER_SECONDS = ShardCounts.USER_SECONDS_FIELD_NUMBER;
  private static final int PAIR_USER_INDEX = ShardCounts.PAIR_USER_INDEX_FIELD_NUMBER;
  private static final int PAIR_ARTIST_INDEX = ShardCounts.PAIR_ARTIST_INDEX_FIELD_NUMBER;
  private static final int PAIR_PLAYS = ShardCounts.PAIR_PLAYS_FIELD_NUMBER;
  private static final int GENRE_PLAYS = ShardCounts.GENRE_PLAYS_FIELD_NUMBER;
  private static final int PLAY_DAYS = ShardCounts.PLAY_DAYS_FIELD_NUMBER;
  private static final int DAY_PLAYS = ShardCounts.DAY_PLAYS_FIELD_NUMBER;
  private static final int UNKNOWN_DAY_PLAYS = ShardCounts.UNKNOWN_DAY_PLAYS_FIELD_NUMBER;
  private static final int LISTEN_USER_INDEX = ShardCounts.LISTEN_USER_INDEX_FIELD_NUMBER;
  private static final int LISTEN_SONG_INDEX = ShardCounts.LISTEN_SONG_INDEX_FIELD_NUMBER;
  private static final int LISTEN_PLAYS = ShardCounts.LISTEN_PLAYS_FIELD_NUMBER;
  private static final int SONG_DAY_SONG_INDEX = ShardCounts.SONG_DAY_SONG_INDEX_FIELD_NUMBER;
  private static final int SONG_DAY_DAY = ShardCounts.SONG_DAY_DAY_FIELD_NUMBER;
  private static final int SONG_DAY_PLAYS = ShardCounts.SONG_DAY_PLAYS_FIELD_NUMBER;
  /**
   * The last number of the earlier form's fields (the three answers in full), now reserved:
   * the generated code names no reserved field.
   */
  private static final int LAST_RESERVED = 3;

  private ShardCountsCodec() {}

  // ---- writing --------------------------------------------------------------------

  /** The pairs of a {@link LongLongCounts}, in its order. */
  private record Pairs(long[] keys, long[] counts, int size) {
    static Pairs of(LongLongCounts counts) {
      long[] keys = new long[counts.size()];
      long[] values = new long[counts.size()];
      return new Pairs(keys, values, counts.copyTo(keys, values));
    }
  }

  /**
   * A shard's listening as the message lists it: song entries by their position in the
   * song arrays (the order of {@code songs}), with each array's encoded size.
   */
  private static final class Listening {
    final int[] users;
    final int[] songs;
    final long[] plays;
    final int[] daySongs;
    final int[] days;
    final long[] dayPlays;
    int usersSize;
    int songsSize;
    int playsSize;
    int daySongsSize;
    int daysSize;
    int dayPlaysSize;

    Listening(Tally tally, Pairs songPairs) {
      int[] position = new int[tally.songEntryCount()];
      for (int i = 0; i < songPairs.size(); i++) {
        long key = songPairs.keys()[i];
        int entry = tally.songEntry(LongLongCounts.first(key), LongLongCounts.second(key));
        if (entry >= position.length) {
          position = Arrays.copyOf(position, Math.max(entry + 1, position.length * 2));
        }
        position[entry] = i;
      }
      Pairs listens = Pairs.of(tally.listenPlays());
      users = new int[listens.size()];
      songs = new int[listens.size()];
      plays = listens.counts();
      for (int i = 0; i < listens.size(); i++) {
        users[i] = LongLongCounts.first(listens.keys()[i]);
        songs[i] = position[LongLongCounts.second(listens.keys()[i])];
        usersSize += CodedOutputStream.computeUInt32SizeNoTag(users[i]);
        songsSize += CodedOutputStream.computeUInt32SizeNoTag(songs[i]);
        playsSize += CodedOutputStream.computeInt64SizeNoTag(plays[i]);
      }
      Pairs songDays = Pairs.of(tally.songDayPlays());
      daySongs = new int[songDays.size()];
      days = new int[songDays.size()];
      dayPlays = songDays.counts();
      for (int i = 0; i < songDays.size(); i++) {
        daySongs[i] = position[LongLongCounts.first(songDays.keys()[i])];
        days[i] = Tally.songDayDay(songDays.keys()[i]);
        daySongsSize += CodedOutputStream.computeUInt32SizeNoTag(daySongs[i]);
        daysSize += CodedOutputStream.computeSInt32SizeNoTag(days[i]);
        dayPlaysSize += CodedOutputStream.computeInt64SizeNoTag(dayPlays[i]);
      }
    }

    int size() {
      return packedSize(LISTEN_USER_INDEX, usersSize) + packedSize(LISTEN_SONG_INDEX, songsSize)
          + packedSize(LISTEN_PLAYS, playsSize) + packedSize(SONG_DAY_SONG_INDEX, daySongsSize)
          + packedSize(SONG_DAY_DAY, daysSize) + packedSize(SONG_DAY_PLAYS, dayPlaysSize);
    }

    void write(CodedOutputStream out) throws IOException {
      if (startPacked(out, LISTEN_USER_INDEX, usersSize)) {
        for (int user : users) {
          out.writeUInt32NoTag(user);
        }
        startPacked(out, LISTEN_SONG_INDEX, songsSize);
        for (int song : songs) {
          out.writeUInt32NoTag(song);
        }
        startPacked(out, LISTEN_PLAYS, playsSize);
        for (long count : plays) {
          out.writeInt64NoTag(count);
        }
      }
      if (startPacked(out, SONG_DAY_SONG_INDEX, daySongsSize)) {
        for (int song : daySongs) {
          out.writeUInt32NoTag(song);
        }
        startPacked(out, SONG_DAY_DAY, daysSize);
        for (int day : days) {
          out.writeSInt32NoTag(day);
        }
        startPacked(out, SONG_DAY_PLAYS, dayPlaysSize);
        for (long count : dayPlays) {
          out.writeInt64NoTag(count);
        }
      }
    }

    void addTo(ShardCounts.Builder counts) {
      for (int i = 0; i < users.length; i++) {
        counts.addListenUserIndex(users[i]).addListenSongIndex(songs[i])
            .addListenPlays(plays[i]);
      }
      for (int i = 0; i < days.length; i++) {
        counts.addSongDaySongIndex(daySongs[i]).addSongDayDay(days[i])
            .addSongDayPlays(dayPlays[i]);
      }
    }
  }

  /**
   * The encoded counts of {@code tally}, as {@code message(tally)} with the processing
   * time would be encoded, into one array of the exact size.
   *
   * @param clock read last, for {@code processing_time}
   */
  public static byte[] encode(Tally tally, StageClock clock) {
    Pairs songs = Pairs.of(tally.songPlays());
    Pairs pairs = Pairs.of(tally.artistPlays());
    int userCount = tally.users().size();
    int genreCount = tally.genreNames().size();

    int songArtistSize = 0;
    int songIdSize = 0;
    int songPlaysSize = 0;
    for (int i = 0; i < songs.size(); i++) {
      songArtistSize += CodedOutputStream.computeUInt32SizeNoTag(
          LongLongCounts.first(songs.keys()[i]));
      songIdSize += CodedOutputStream.computeUInt32SizeNoTag(
          LongLongCounts.second(songs.keys()[i]));
      songPlaysSize += CodedOutputStream.computeInt64SizeNoTag(songs.counts()[i]);
    }
    int userSecondsSize = 0;
    for (int user = 0; user < userCount; user++) {
      userSecondsSize += CodedOutputStream.computeInt64SizeNoTag(tally.userSeconds(user));
    }
    int pairUserSize = 0;
    int pairArtistSize = 0;
    int pairPlaysSize = 0;
    for (int i = 0; i < pairs.size(); i++) {
      pairUserSize += CodedOutputStream.computeUInt32SizeNoTag(
          LongLongCounts.first(pairs.keys()[i]));
      pairArtistSize += CodedOutputStream.computeUInt32SizeNoTag(
          LongLongCounts.second(pairs.keys()[i]));
      pairPlaysSize += CodedOutputStream.computeInt64SizeNoTag(pairs.counts()[i]);
    }
    int genrePlaysSize = 0;
    for (int genre = 0; genre < genreCount; genre++) {
      genrePlaysSize += CodedOutputStream.computeInt64SizeNoTag(tally.genrePlays(genre));
    }
    int[] days = new int[tally.dayCount()];
    long[] dayPlays = new long[days.length];
    tally.copyDaysTo(days, dayPlays);
    int playDaysSize = 0;
    int dayPlaysSize = 0;
    for (int i = 0; i < days.length; i++) {
      playDaysSize += CodedOutputStream.computeSInt32SizeNoTag(days[i]);
      dayPlaysSize += CodedOutputStream.computeInt64SizeNoTag(dayPlays[i]);
    }
    long unknownDayPlays = tally.unknownDayPlays();
    int unknownSize = unknownDayPlays == 0 ? 0
        : CodedOutputStream.computeInt64Size(UNKNOWN_DAY_PLAYS, unknownDayPlays);
    // Fields 20-25 only for a pass that counted listening: otherwise the bytes are as before.
    Listening listening = tally.listening() ? new Listening(tally, songs) : null;
    int timeSize = CodedOutputStream.computeDoubleSize(TIME, 1.0);
    int total = timeSize
        + stringsSize(tally.users(), USER_IDS) + stringsSize(tally.artists(), ARTISTS)
        + stringsSize(tally.songIds(), SONG_IDS) + stringsSize(tally.genreNames(), GENRE_NAMES)
        + packedSize(SONG_ARTIST_INDEX, songArtistSize) + packedSize(SONG_ID_INDEX, songIdSize)
        + packedSize(SONG_PLAYS, songPlaysSize) + packedSize(USER_SECONDS, userSecondsSize)
        + packedSize(PAIR_USER_INDEX, pairUserSize)
        + packedSize(PAIR_ARTIST_INDEX, pairArtistSize)
        + packedSize(PAIR_PLAYS, pairPlaysSize) + packedSize(GENRE_PLAYS, genrePlaysSize)
        + packedSize(PLAY_DAYS, playDaysSize) + packedSize(DAY_PLAYS, dayPlaysSize)
        + unknownSize + (listening == null ? 0 : listening.size());

    byte[] bytes = new byte[total];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes, timeSize, total - timeSize);
    try {
      writeStrings(out, tally.users(), USER_IDS);
      writeStrings(out, tally.artists(), ARTISTS);
      writeStrings(out, tally.songIds(), SONG_IDS);
      writeStrings(out, tally.genreNames(), GENRE_NAMES);
      if (startPacked(out, SONG_ARTIST_INDEX, songArtistSize)) {
        for (int i = 0; i < songs.size(); i++) {
          out.writeUInt32NoTag(LongLongCounts.first(songs.keys()[i]));
        }
        startPacked(out, SONG_ID_INDEX, songIdSize);
        for (int i = 0; i < songs.size(); i++) {
          out.writeUInt32NoTag(LongLongCounts.second(songs.keys()[i]));
        }
        startPacked(out, SONG_PLAYS, songPlaysSize);
        for (int i = 0; i < songs.size(); i++) {
          out.writeInt64NoTag(songs.counts()[i]);
        }
      }
      if (startPacked(out, USER_SECONDS, userSecondsSize)) {
        for (int user = 0; user < userCount; user++) {
          out.writeInt64NoTag(tally.userSeconds(user));
        }
      }
      if (startPacked(out, PAIR_USER_INDEX, pairUserSize)) {
        for (int i = 0; i < pairs.size(); i++) {
          out.writeUInt32NoTag(LongLongCounts.first(pairs.keys()[i]));
        }
        startPacked(out, PAIR_ARTIST_INDEX, pairArtistSize);
        for (int i = 0; i < pairs.size(); i++) {
          out.writeUInt32NoTag(LongLongCounts.second(pairs.keys()[i]));
        }
        startPacked(out, PAIR_PLAYS, pairPlaysSize);
        for (int i = 0; i < pairs.size(); i++) {
          out.writeInt64NoTag(pairs.counts()[i]);
        }
      }
      if (startPacked(out, GENRE_PLAYS, genrePlaysSize)) {
        for (int genre = 0; genre < genreCount; genre++) {
          out.writeInt64NoTag(tally.genrePlays(genre));
        }
      }
      if (startPacked(out, PLAY_DAYS, playDaysSize)) {
        for (int day : days) {
          out.writeSInt32NoTag(day);
        }
        startPacked(out, DAY_PLAYS, dayPlaysSize);
        for (long plays : dayPlays) {
          out.writeInt64NoTag(plays);
        }
      }
      if (unknownDayPlays != 0) {
        out.writeInt64(UNKNOWN_DAY_PLAYS, unknownDayPlays);
      }
      if (listening != null) {
        listening.write(out);
      }
      out.checkNoSpaceLeft();
      // The first field, written last: always, even when 0, so the size above holds.
      CodedOutputStream time = CodedOutputStream.newInstance(bytes, 0, timeSize);
      time.writeDouble(TIME, clock.elapsedSeconds());
      time.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("the ShardCounts' computed size is wrong", e);
    }
    return bytes;
  }

  /** The counts of {@code tally} as a message, without processing time. */
  public static ShardCounts.Builder message(Tally tally) {
    ShardCounts.Builder counts = ShardCounts.newBuilder();
    for (int user = 0; user < tally.users().size(); user++) {
      counts.addUserIds(tally.users().string(user));
      counts.addUserSeconds(tally.userSeconds(user));
    }
    for (int artist = 0; artist < tally.artists().size(); artist++) {
      counts.addArtists(tally.artists().string(artist));
    }
    for (int songId = 0; songId < tally.songIds().size(); songId++) {
      counts.addSongIds(tally.songIds().string(songId));
    }
    for (int genre = 0; genre < tally.genreNames().size(); genre++) {
      counts.addGenreNames(tally.genreNames().string(genre));
      counts.addGenrePlays(tally.genrePlays(genre));
    }
    tally.songPlays().forEach((key, plays) -> counts
        .addSongArtistIndex(LongLongCounts.first(key))
        .addSongIdIndex(LongLongCounts.second(key))
        .addSongPlays(plays));
    tally.artistPlays().forEach((key, plays) -> counts
        .addPairUserIndex(LongLongCounts.first(key))
        .addPairArtistIndex(LongLongCounts.second(key))
        .addPairPlays(plays));
    tally.forEachDay((day, plays) -> counts.addPlayDays(day).addDayPlays(plays));
    if (tally.listening()) {
      new Listening(tally, Pairs.of(tally.songPlays())).addTo(counts);
    }
    return counts.setUnknownDayPlays(tally.unknownDayPlays());
  }

  private static int stringsSize(Utf8Interner strings, int field) {
    int size = 0;
    for (int id = 0; id < strings.size(); id++) {
      size += strings.fieldSize(field, id);
    }
    return size;
  }

  private static void writeStrings(CodedOutputStream out, Utf8Interner strings, int field)
      throws IOException {
    for (int id = 0; id < strings.size(); id++) {
      strings.writeField(out, field, id);
    }
  }

  /** A packed field of {@code size} bytes: nothing for none, as generated code writes it. */
  private static int packedSize(int field, int size) {
    return size == 0 ? 0 : CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  private static boolean startPacked(CodedOutputStream out, int field, int size)
      throws IOException {
    if (size == 0) {
      return false;
    }
    out.writeTag(field, WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(size);
    return true;
  }

  // ---- reading --------------------------------------------------------------------

  /** A growable array of ints, reused from message to message. */
  private static final class Ints {
    int[] values = new int[256];
    int size;

    void add(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }
  }

  /** A growable array of longs, reused from message to message. */
  private static final class Longs {
    long[] values = new long[256];
    int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }
  }

  /**
   * Reads {@code ShardCounts} into a tally: each message's strings to the tally's ids, then
   * its counts under those ids. Holds its scratch arrays from one message to the next; not
   * thread-safe.
   */
  public static final class Reader {
    // Per message: the tally's id of each listed string, then the arrays as read.
    private final Ints users = new Ints();
    private final Ints artists = new Ints();
    private final Ints songIds = new Ints();
    private final Ints genres = new Ints();
    private final Ints songArtistIndex = new Ints();
    private final Ints songIdIndex = new Ints();
    private final Longs songPlays = new Longs();
    private final Longs userSeconds = new Longs();
    private final Ints pairUserIndex = new Ints();
    private final Ints pairArtistIndex = new Ints();
    private final Longs pairPlays = new Longs();
    private final Longs genrePlays = new Longs();
    private final Ints playDays = new Ints();
    private final Longs dayPlays = new Longs();
    private long unknownDayPlays;
    private final Ints listenUserIndex = new Ints();
    private final Ints listenSongIndex = new Ints();
    private final Longs listenPlays = new Longs();
    private final Ints songDaySongIndex = new Ints();
    private final Ints songDayDay = new Ints();
    private final Longs songDayPlays = new Longs();
    private final Ints songEntries = new Ints();
    private boolean[] userHasPairs = new boolean[256];
    private long[] pairKeys = new long[256];

    /**
     * Whether the message last read counts plays of songs but lists no listening (fields
     * 20-25): what a host that ignores {@code with_listening} answers.
     */
    public boolean lastLacksListening() {
      return songPlays.size > 0 && listenPlays.size == 0;
    }

    /**
     * Adds the counts encoded in {@code bytes} to {@code tally}, as
     * {@code read(ShardCounts.parseFrom(bytes), tally)} would.
     *
     * @return its processing time
     * @throws InvalidProtocolBufferException where {@code ShardCounts.parseFrom} fails, or
     *     on a field of the earlier form, which names an older host
     * @throws IllegalArgumentException if the arrays do not fit together
     */
    public double read(byte[] bytes, Tally tally) throws InvalidProtocolBufferException {
      clear();
      double time = 0;
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      try {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
          switch (tag) {
            case TIME << 3 | WIRETYPE_FIXED64 -> time = in.readDouble();
            case USER_IDS << 3 | WIRETYPE_LENGTH_DELIMITED ->
                users.add(readId(in, bytes, tally.users()));
            case ARTISTS << 3 | WIRETYPE_LENGTH_DELIMITED ->
                artists.add(readId(in, bytes, tally.artists()));
            case SONG_IDS << 3 | WIRETYPE_LENGTH_DELIMITED ->
                songIds.add(readId(in, bytes, tally.songIds()));
            case GENRE_NAMES << 3 | WIRETYPE_LENGTH_DELIMITED ->
                genres.add(readId(in, bytes, tally.genreNames()));
            case SONG_ARTIST_INDEX << 3 | WIRETYPE_LENGTH_DELIMITED ->
                readPacked(in, songArtistIndex);
            case SONG_ARTIST_INDEX << 3 | WIRETYPE_VARINT -> songArtistIndex.add(in.readUInt32());
            case SONG_ID_INDEX << 3 | WIRETYPE_LENGTH_DELIMITED -> readPacked(in, songIdIndex);
            case SONG_ID_INDEX << 3 | WIRETYPE_VARINT -> songIdIndex.add(in.readUInt32());
            case SONG_PLAYS << 3 | WIRETYPE_LENGTH_DELIMITED -> readPacked(in, songPlays);
            case SONG_PLAYS << 3 | WIRETYPE_VARINT -> songPlays.add(in.readInt64());
            case USER_SECONDS << 3 | WIRETYPE_LENGTH_DELIMITED -> readPacked(in, userSeconds);
            case USER_SECONDS << 3 | WIRETYPE_VARINT -> userSeconds.add(in.readInt64());
            case PAIR_USER_INDEX << 3 | WIRETYPE_LENGTH_DELIMITED ->
                readPacked(in, pairUserIndex);
            case PAIR_USER_INDEX << 3 | WIRETYPE_VARINT -> pairUserIndex.add(in.readUInt32());
            case PAIR_ARTIST_INDEX << 3 | WIRETYPE_LENGTH_DELIMITED ->
                readPacked(in, pairArtistIndex);
            case PAIR_ARTIST_INDEX << 3 | WIRETYPE_VARINT -> pairArtistIndex.add(in.readUInt32());
            case PAIR_PLAYS << 3 | WIRETYPE_LENGTH_DELIMITED -> readPacked(in, pairPlays);
            case PAIR_PLAYS << 3 | WIRETYPE_VARINT -> pairPlays.add(in.readInt64());
            case GENRE_PLAYS << 3 | WIRETYPE_LENGTH_DELIMITED -> readPacked(in, genrePlays);
            case GENRE_PLAYS << 3 | WIRETYPE_VARINT -> genrePlays.add(in.readInt64());
            case PLAY_DAYS << 3 | WIRETYPE_LENGTH_DELIMITED -> readPackedSint32(in, playDays);
            case PLAY_DAYS << 3 | WIRETYPE_VARINT -> playDays.add(in.readSInt32());
            case DAY_PLAYS << 3 | WIRETYPE_LENGTH_DELIMITED -> readPacked(in, dayPlays);
            case DAY_PLAYS << 3 | WIRETYPE_VARINT -> dayPlays.add(in.readInt64());
            case UNKNOWN_DAY_PLAYS << 3 | WIRETYPE_VARINT -> unknownDayPlays = in.readInt64();
            case LISTEN_USER_INDEX << 3 | WIRETYPE_LENGTH_DELIMITED ->
                readPacked(in, listenUserIndex);
            case LISTEN_USER_INDEX << 3 | WIRETYPE_VARINT -> listenUserIndex.add(in.readUInt32());
            case LISTEN_SONG_INDEX << 3 | WIRETYPE_LENGTH_DELIMITED ->
                readPacked(in, listenSongIndex);
            case LISTEN_SONG_INDEX << 3 | WIRETYPE_VARINT -> listenSongIndex.add(in.readUInt32());
            case LISTEN_PLAYS << 3 | WIRETYPE_LENGTH_DELIMITED -> readPacked(in, listenPlays);
            case LISTEN_PLAYS << 3 | WIRETYPE_VARINT -> listenPlays.add(in.readInt64());
            case SONG_DAY_SONG_INDEX << 3 | WIRETYPE_LENGTH_DELIMITED ->
                readPacked(in, songDaySongIndex);
            case SONG_DAY_SONG_INDEX << 3 | WIRETYPE_VARINT ->
                songDaySongIndex.add(in.readUInt32());
            case SONG_DAY_DAY << 3 | WIRETYPE_LENGTH_DELIMITED -> readPackedSint32(in, songDayDay);
            case SONG_DAY_DAY << 3 | WIRETYPE_VARINT -> songDayDay.add(in.readSInt32());
            case SONG_DAY_PLAYS << 3 | WIRETYPE_LENGTH_DELIMITED -> readPacked(in, songDayPlays);
            case SONG_DAY_PLAYS << 3 | WIRETYPE_VARINT -> songDayPlays.add(in.readInt64());
            default -> {
              int field = WireFormat.getTagFieldNumber(tag);
              if (field >= 1 && field <= LAST_RESERVED) {
                throw new InvalidProtocolBufferException("the ShardCounts holds field "
                    + field + " of its earlier form (the three answers in full), which is no "
                    + "longer read: the host runs an older build than the client");
              }
              if (!UnknownFields.skip(in, tag, 0)) {
                in.checkLastTagWas(0); // an end-group tag: fails as the generated parser does
              }
            }
          }
        }
      } catch (InvalidProtocolBufferException e) {
        throw e;
      } catch (IOException e) {
        // CodedInputStream declares it; over an array only the above is thrown.
        throw new InvalidProtocolBufferException(e);
      }
      apply(tally);
      return time;
    }

    /**
     * Adds {@code counts} to {@code tally}.
     *
     * @return its processing time
     * @throws IllegalArgumentException if the arrays do not fit together
     */
    public double read(ShardCounts counts, Tally tally) {
      clear();
      counts.getUserIdsList().forEach(user -> users.add(tally.users().id(user)));
      counts.getArtistsList().forEach(artist -> artists.add(tally.artists().id(artist)));
      counts.getSongIdsList().forEach(songId -> songIds.add(tally.songIds().id(songId)));
      counts.getGenreNamesList().forEach(genre -> genres.add(tally.genreNames().id(genre)));
      addAll(songArtistIndex, counts.getSongArtistIndexList());
      addAll(songIdIndex, counts.getSongIdIndexList());
      counts.getSongPlaysList().forEach(songPlays::add);
      counts.getUserSecondsList().forEach(userSeconds::add);
      addAll(pairUserIndex, counts.getPairUserIndexList());
      addAll(pairArtistIndex, counts.getPairArtistIndexList());
      counts.getPairPlaysList().forEach(pairPlays::add);
      counts.getGenrePlaysList().forEach(genrePlays::add);
      addAll(playDays, counts.getPlayDaysList());
      counts.getDayPlaysList().forEach(dayPlays::add);
      unknownDayPlays = counts.getUnknownDayPlays();
      addAll(listenUserIndex, counts.getListenUserIndexList());
      addAll(listenSongIndex, counts.getListenSongIndexList());
      counts.getListenPlaysList().forEach(listenPlays::add);
      addAll(songDaySongIndex, counts.getSongDaySongIndexList());
      addAll(songDayDay, counts.getSongDayDayList());
      counts.getSongDayPlaysList().forEach(songDayPlays::add);
      apply(tally);
      return counts.getProcessingTime();
    }

    private static void addAll(Ints into, List<Integer> values) {
      for (int value : values) {
        into.add(value);
      }
    }

    private void clear() {
      for (Ints ints : List.of(users, artists, songIds, genres, songArtistIndex, songIdIndex,
          pairUserIndex, pairArtistIndex, listenUserIndex, listenSongIndex, songDaySongIndex,
          songDayDay)) {
        ints.size = 0;
      }
      for (Longs longs : List.of(songPlays, userSeconds, pairPlays, genrePlays, dayPlays,
          listenPlays, songDayPlays)) {
        longs.size = 0;
      }
      playDays.size = 0;
      unknownDayPlays = 0;
    }

    /** Checks that the arrays fit together, then adds the counts under the tally's ids. */
    private void apply(Tally tally) {
      requireAligned("song_artist_index", songArtistIndex.size, "song_id_index",
          songIdIndex.size, "song_plays", songPlays.size);
      requireAligned("pair_user_index", pairUserIndex.size, "pair_artist_index",
          pairArtistIndex.size, "pair_plays", pairPlays.size);
      requireAligned("user_ids", users.size, "user_seconds", userSeconds.size, null, 0);
      requireAligned("genre_names", genres.size, "genre_plays", genrePlays.size, null, 0);
      requireAligned("play_days", playDays.size, "day_plays", dayPlays.size, null, 0);
      for (int i = 0; i < playDays.size; i++) {
        if (playDays.values[i] == PlayDay.UNKNOWN) {
          throw new IllegalArgumentException("the ShardCounts' play_days[" + i + "] is "
              + PlayDay.UNKNOWN + ", which is no day");
        }
      }
      requireIndexes("song_artist_index", songArtistIndex, "artists", artists.size);
      requireIndexes("song_id_index", songIdIndex, "song_ids", songIds.size);
      requireIndexes("pair_user_index", pairUserIndex, "user_ids", users.size);
      requireIndexes("pair_artist_index", pairArtistIndex, "artists", artists.size);
      requireAligned("listen_user_index", listenUserIndex.size, "listen_song_index",
          listenSongIndex.size, "listen_plays", listenPlays.size);
      requireAligned("song_day_song_index", songDaySongIndex.size, "song_day_day",
          songDayDay.size, "song_day_plays", songDayPlays.size);
      requireIndexes("listen_user_index", listenUserIndex, "user_ids", users.size);
      requireIndexes("listen_song_index", listenSongIndex, "song_plays", songPlays.size);
      requireIndexes("song_day_song_index", songDaySongIndex, "song_plays", songPlays.size);
      for (int i = 0; i < songDayDay.size; i++) {
        if (songDayDay.values[i] == PlayDay.UNKNOWN) {
          throw new IllegalArgumentException("the ShardCounts' song_day_day[" + i + "] is "
              + PlayDay.UNKNOWN + ", which is no day");
        }
      }

      if (userHasPairs.length < users.size) {
        userHasPairs = new boolean[Math.max(users.size, userHasPairs.length * 2)];
      }
      Arrays.fill(userHasPairs, 0, users.size, false);
      for (int i = 0; i < pairUserIndex.size; i++) {
        userHasPairs[pairUserIndex.values[i]] = true;
      }
      int[] userIds = users.values;
      int[] artistIds = artists.values;
      for (int i = 0; i < users.size; i++) {
        tally.addUserPart(userIds[i], userSeconds.values[i], -1, userHasPairs[i]);
      }
      if (pairKeys.length < pairPlays.size) {
        pairKeys = new long[pairPlays.values.length];
      }
      for (int i = 0; i < pairPlays.size; i++) {
        pairKeys[i] = LongLongCounts.key(userIds[pairUserIndex.values[i]],
            artistIds[pairArtistIndex.values[i]]);
      }
      // The merged user x artist table is the largest by far: added in its slots' order.
      tally.addAllArtistPlays(pairKeys, pairPlays.values, pairPlays.size);
      int[] songIdIds = songIds.values;
      for (int i = 0; i < songPlays.size; i++) {
        tally.addSongPlays(artistIds[songArtistIndex.values[i]],
            songIdIds[songIdIndex.values[i]], songPlays.values[i]);
      }
      for (int i = 0; i < genres.size; i++) {
        tally.addGenrePlays(genres.values[i], genrePlays.values[i]);
      }
      for (int i = 0; i < playDays.size; i++) {
        tally.addDayPlays(playDays.values[i], dayPlays.values[i]);
      }
      tally.addDayPlays(PlayDay.UNKNOWN, unknownDayPlays);
      if (listenPlays.size > 0 || songDayPlays.size > 0) {
        addListening(tally, artistIds, songIdIds);
      }
    }

    /** Adds the listening under the tally's users and song entries. */
    private void addListening(Tally tally, int[] artistIds, int[] songIdIds) {
      tally.startListening();
      songEntries.size = 0;
      for (int i = 0; i < songPlays.size; i++) {
        songEntries.add(tally.songEntry(artistIds[songArtistIndex.values[i]],
            songIdIds[songIdIndex.values[i]]));
      }
      int[] userIds = users.values;
      int[] entries = songEntries.values;
      for (int i = 0; i < listenPlays.size; i++) {
        tally.addListenPlays(userIds[listenUserIndex.values[i]],
            entries[listenSongIndex.values[i]], listenPlays.values[i]);
      }
      for (int i = 0; i < songDayPlays.size; i++) {
        tally.addSongDayPlays(entries[songDaySongIndex.values[i]], songDayDay.values[i],
            songDayPlays.values[i]);
      }
    }

    private static void requireAligned(String first, int firstSize, String second,
        int secondSize, String third, int thirdSize) {
      if (firstSize != secondSize || third != null && secondSize != thirdSize) {
        throw new IllegalArgumentException("the ShardCounts' " + first + " (" + firstSize
            + "), " + second + " (" + secondSize + ")"
            + (third == null ? "" : " and " + third + " (" + thirdSize + ")")
            + " must be as long as each other");
      }
    }

    private static void requireIndexes(String name, Ints indexes, String of, int size) {
      for (int i = 0; i < indexes.size; i++) {
        if (indexes.values[i] < 0 || indexes.values[i] >= size) {
          throw new IllegalArgumentException("the ShardCounts' " + name + "[" + i + "] is "
              + Integer.toUnsignedString(indexes.values[i]) + ", but " + of + " has "
              + size + " entries");
        }
      }
    }

    private static int readId(CodedInputStream in, byte[] buffer, Utf8Interner strings)
        throws IOException {
      int length = in.readRawVarint32();
      int offset = in.getTotalBytesRead();
      in.skipRawBytes(length); // checks the length against the message
      return strings.id(buffer, offset, length);
    }

    private static void readPacked(CodedInputStream in, Ints into) throws IOException {
      int limit = in.pushLimit(in.readRawVarint32());
      while (in.getBytesUntilLimit() > 0) {
        into.add(in.readUInt32());
      }
      in.popLimit(limit);
    }

    private static void readPackedSint32(CodedInputStream in, Ints into) throws IOException {
      int limit = in.pushLimit(in.readRawVarint32());
      while (in.getBytesUntilLimit() > 0) {
        into.add(in.readSInt32());
      }
      in.popLimit(limit);
    }

    private static void readPacked(CodedInputStream in, Longs into) throws IOException {
      int limit = in.pushLimit(in.readRawVarint32());
      while (in.getBytesUntilLimit() > 0) {
        into.add(in.readInt64());
      }
      in.popLimit(limit);
    }
  }
}
