package org.musicanalytics.counting;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.musicanalytics.counting.internal.ShardCountsCodec;
import org.musicanalytics.counting.internal.Tally;
import org.musicanalytics.counting.internal.UnknownFields;
import org.musicanalytics.counting.internal.Utf8Interner;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * The one pass over a shard of plays behind every record-reading stage: it counts whichever
 * {@link Part}s it was asked for, by id, and hands the counts to a stage's
 * {@link CountsAnswer} ({@link #answer}).
 *
 * <p>Plays come as {@link StreamRecord}s ({@link #add(StreamRecord)}) or straight from a
 * {@code StreamList}'s wire form ({@link #addEncoded(byte[])}), which builds no per-record
 * objects and decodes no string; both feed the same counters, so both give the same
 * answers. Not thread-safe: one counter per request.
 */
public final class ShardCounter {

  /** What a counter counts. */
  public enum Part {
    /**
     * Plays per song: per artist and song id, and plays per day ({@code aggregateStream}).
     */
    PLAY_COUNTS,
    /** Per user: seconds listened and plays per artist ({@code analyzeUsers}). */
    USERS,
    /** Plays per genre ({@code analyzeGenres}). */
    GENRES,
    /**
     * Plays per user and song, and per song and day: the learned recommender's round 1
     * ({@code analyzeShard} when the request asks, {@code StreamList.with_listening}). It
     * indexes the users and songs of {@link #USERS} and {@link #PLAY_COUNTS}, which it
     * needs.
     */
    LISTENING
  }

  // StreamList and StreamRecord tags, shared with the writer of rows (StreamRecordTags).
  private static final int RECORDS = StreamRecordTags.RECORDS;
  private static final int WITH_LISTENING = StreamRecordTags.WITH_LISTENING;
  private static final int USER_ID = StreamRecordTags.USER_ID;
  private static final int SONG_ID = StreamRecordTags.SONG_ID;
  private static final int ARTIST = StreamRecordTags.ARTIST;
  private static final int DURATION = StreamRecordTags.DURATION;
  private static final int TIMESTAMP = StreamRecordTags.TIMESTAMP;
  private static final int GENRE = StreamRecordTags.GENRE;

  // Where a record's strings are, by field: read first, looked up once the record is known
  // to count.
  private static final int USER = 0;
  private static final int SONG = 1;
  private static final int BY = 2;
  private static final int GENRE_OF = 3;

  private final boolean playCounts;
  private final boolean users;
  private final boolean genres;
  /** Whether listening is counted: asked for, or turned on by a request. */
  private boolean listening;
  /** Whether a request's with_listening turns listening on ({@link #withListeningOnRequest}). */
  private boolean listeningOnRequest;
  private final Tally tally = Tally.forOneShard();
  private final int[] stringAt = new int[4];
  private final int[] stringLength = new int[4];

  /**
   * A counter of {@code parts}.
   *
   * @throws IllegalArgumentException if they hold {@link Part#LISTENING} without
   *     {@link Part#PLAY_COUNTS} and {@link Part#USERS}
   */
  public ShardCounter(Set<Part> parts) {
    EnumSet<Part> wanted = parts.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(parts);
    this.playCounts = wanted.contains(Part.PLAY_COUNTS);
    this.users = wanted.contains(Part.USERS);
    this.genres = wanted.contains(Part.GENRES);
    if (wanted.contains(Part.LISTENING)) {
      requireListenable();
      startListening();
    }
  }

  /**
   * A counter of the three record-reading stages' parts: play counts, users and genres;
   * listening only if a request asks ({@link #withListeningOnRequest}).
   */
  public static ShardCounter ofAll() {
    return new ShardCounter(EnumSet.of(Part.PLAY_COUNTS, Part.USERS, Part.GENRES));
  }

  /**
   * This counter, counting {@link Part#LISTENING} as well for a request that asks
   * ({@code StreamList.with_listening}): the fused pass's, never an old service's.
   *
   * @throws IllegalArgumentException if it does not count play counts and users
   */
  public ShardCounter withListeningOnRequest() {
    requireListenable();
    listeningOnRequest = true;
    return this;
  }

  /** Whether this counter counts listening, asked for or turned on by a request. */
  public boolean countsListening() {
    return listening;
  }

  private void requireListenable() {
    if (!playCounts || !users) {
      throw new IllegalArgumentException("listening indexes the users and songs counted for "
          + "the users and play counts, which this counter does not count");
    }
  }

  private void startListening() {
    listening = true;
    tally.startListening();
  }

  /** Counts every record of {@code plays}, validated first ({@link StreamRecords#validate}). */
  public ShardCounter addAll(StreamList plays) {
    StreamRecords.validate(plays);
    if (plays.getWithListening() && listeningOnRequest) {
      startListening();
    }
    for (StreamRecord record : plays.getRecordsList()) {
      add(record);
    }
    return this;
  }

  /** Counts one play, which the caller has validated. */
  public void add(StreamRecord record) {
    add(record.getUserId(), record.getSongId(), record.getArtist(), record.getDuration(),
        record.getTimestamp(), record.getGenre());
  }

  /** Counts one play, which the caller has validated. */
  public void add(String userId, String songId, String artist, int duration, String timestamp,
      String genre) {
    int artistId = playCounts || users ? tally.artists().id(artist) : -1;
    int song = -1;
    int day = PlayDay.UNKNOWN;
    if (playCounts) {
      song = tally.songIds().id(songId);
      day = PlayDay.of(timestamp);
      tally.countSong(artistId, song);
      tally.countDay(day);
    }
    int user = -1;
    if (users) {
      user = tally.users().id(userId);
      tally.countUser(user, artistId, duration);
    }
    if (listening) {
      tally.countListen(user, artistId, song, day);
    }
    if (genres) {
      tally.countGenre(tally.genreNames().id(genre));
    }
  }

  /**
   * Counts every record of a {@code StreamList} in its wire form, as
   * {@code addAll(StreamList.parseFrom(streamList))} would: fields and records it does not
   * know are skipped, a string field that is not UTF-8 or a malformed message fails as the
   * generated parser fails, and then records are validated as
   * {@link StreamRecords#validate} does, naming the first bad record. A counter
   * {@linkplain #withListeningOnRequest counting listening on request} reads the request's
   * {@code with_listening}: best before the records, else the records before it are read
   * again for their listening.
   *
   * @return how many records the request holds
   * @throws InvalidProtocolBufferException if the bytes are not a {@code StreamList}
   * @throws InvalidRequestException if a record is invalid; the bytes parse
   */
  public int addEncoded(byte[] streamList) throws InvalidProtocolBufferException {
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
      int tagAt = in.getTotalBytesRead();
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      if (tag == RECORDS) {
        int limit = in.pushLimit(in.readRawVarint32());
        InvalidRequestException invalid =
            readRecord(in, streamList, index, firstInvalid == null, false);
        in.checkLastTagWas(0);
        in.popLimit(limit);
        if (firstInvalid == null) {
          firstInvalid = invalid;
        }
        index++;
      } else if (tag == WITH_LISTENING) {
        if (in.readBool() && listeningOnRequest && !listening) {
          startListening();
          if (index > 0 && firstInvalid == null) {
            recountListening(streamList, tagAt);
          }
        }
      } else if (!UnknownFields.skip(in, tag, 0)) {
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

  /**
   * Counts the listening of the records in {@code streamList[0..end)}, read already for
   * the rest before the request asked for listening; they are valid.
   */
  private void recountListening(byte[] streamList, int end) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(streamList, 0, end);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == RECORDS) {
        int limit = in.pushLimit(in.readRawVarint32());
        readRecord(in, streamList, 0, true, true);
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
  }

  /**
   * Reads one record; counts it if {@code count} and it is valid (only its listening if
   * {@code onlyListening}), else returns why not.
   */
  private InvalidRequestException readRecord(CodedInputStream in, byte[] buffer, int index,
      boolean count, boolean onlyListening) throws IOException {
    Arrays.fill(stringAt, -1);
    Arrays.fill(stringLength, 0);
    int duration = 0;
    int day = PlayDay.UNKNOWN;
    while (true) {
      int tag = in.readTag();
      switch (tag) {
        case 0:
          break;
        case USER_ID:
          readString(in, buffer, USER);
          continue;
        case SONG_ID:
          readString(in, buffer, SONG);
          continue;
        case ARTIST:
          readString(in, buffer, BY);
          continue;
        case DURATION:
          duration = in.readInt32();
          continue;
        case TIMESTAMP:
          // Nearly every value is distinct: checked and read for its day, not kept.
          int length = in.readRawVarint32();
          int offset = in.getTotalBytesRead();
          in.skipRawBytes(length);
          Utf8Interner.requireUtf8(buffer, offset, length);
          day = playCounts ? PlayDay.of(buffer, offset, length) : PlayDay.UNKNOWN;
          continue;
        case GENRE:
          readString(in, buffer, GENRE_OF);
          continue;
        default:
          if (UnknownFields.skip(in, tag, 1)) {
            continue;
          }
          // An end-group tag: the caller finds it as the last tag.
      }
      break;
    }
    InvalidRequestException violation = StreamRecords.violation(index, buffer,
        Math.max(stringAt[USER], 0), stringLength[USER], duration);
    if (violation == null && count && onlyListening) {
      tally.countListen(id(tally.users(), buffer, USER), id(tally.artists(), buffer, BY),
          id(tally.songIds(), buffer, SONG), day);
    } else if (violation == null && count) {
      int artist = playCounts || users ? id(tally.artists(), buffer, BY) : checked(buffer, BY);
      int song = -1;
      if (playCounts) {
        song = id(tally.songIds(), buffer, SONG);
        tally.countSong(artist, song);
        tally.countDay(day);
      } else {
        checked(buffer, SONG);
      }
      int user = -1;
      if (users) {
        user = id(tally.users(), buffer, USER);
        tally.countUser(user, artist, duration);
      } else {
        checked(buffer, USER);
      }
      if (listening) {
        tally.countListen(user, artist, song, day);
      }
      if (genres) {
        tally.countGenre(id(tally.genreNames(), buffer, GENRE_OF));
      } else {
        checked(buffer, GENRE_OF);
      }
    } else {
      for (int field = 0; field < stringAt.length; field++) {
        checked(buffer, field);
      }
    }
    return violation;
  }

  /** Notes where a string field is; an earlier occurrence, now replaced, is checked. */
  private void readString(CodedInputStream in, byte[] buffer, int field) throws IOException {
    checked(buffer, field);
    int length = in.readRawVarint32();
    stringAt[field] = in.getTotalBytesRead();
    stringLength[field] = length;
    in.skipRawBytes(length); // checks the length against the message
  }

  /** The id of a string field's bytes: {@code ""} if the record has none. */
  private int id(Utf8Interner strings, byte[] buffer, int field)
      throws InvalidProtocolBufferException {
    return strings.id(buffer, Math.max(stringAt[field], 0), stringLength[field]);
  }

  /** Checks a string field that is not counted, as the generated parser would. */
  private int checked(byte[] buffer, int field) throws InvalidProtocolBufferException {
    if (stringAt[field] >= 0) {
      Utf8Interner.requireUtf8(buffer, stringAt[field], stringLength[field]);
    }
    return -1;
  }

  // ---- answers --------------------------------------------------------------------

  /** A stage's answer from the counts so far; no processing time. */
  public <T> T answer(CountsAnswer<T> answer) {
    return answer.answer(tally);
  }

  /**
   * The {@code ShardCounts} of the counts, without processing time: the message
   * {@code analyzeShard} answers. A {@link MergedCounts} reads it back into counts, from
   * which the answers come as from this counter's.
   */
  public ShardCounts.Builder shardCounts() {
    return ShardCountsCodec.message(tally);
  }

  /**
   * The {@link #shardCounts()} encoded straight from the counts, with its
   * {@code processing_time}, without building it.
   *
   * @param clock read last, for the message's {@code processing_time}
   */
  public byte[] encodeShardCounts(StageClock clock) {
    return ShardCountsCodec.encode(tally, clock);
  }
}
