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
    GENRES
  }

  // StreamList and StreamRecord tags, shared with the writer of rows (StreamRecordTags).
  private static final int RECORDS = StreamRecordTags.RECORDS;
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
  private final Tally tally = Tally.forOneShard();
  private final int[] stringAt = new int[4];
  private final int[] stringLength = new int[4];

  /** A counter of {@code parts}. */
  public ShardCounter(Set<Part> parts) {
    EnumSet<Part> wanted = parts.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(parts);
    this.playCounts = wanted.contains(Part.PLAY_COUNTS);
    this.users = wanted.contains(Part.USERS);
    this.genres = wanted.contains(Part.GENRES);
  }

  /** A counter of every part. */
  public static ShardCounter ofAll() {
    return new ShardCounter(EnumSet.allOf(Part.class));
  }

  /** Counts every record of {@code plays}, validated first ({@link StreamRecords#validate}). */
  public ShardCounter addAll(StreamList plays) {
    StreamRecords.validate(plays);
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
    if (playCounts) {
      tally.countSong(artistId, tally.songIds().id(songId));
      tally.countDay(PlayDay.of(timestamp));
    }
    if (users) {
      tally.countUser(tally.users().id(userId), artistId, duration);
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
   * {@link StreamRecords#validate} does, naming the first bad record.
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

  /** Reads one record; counts it if {@code count} and it is valid, else returns why not. */
  private InvalidRequestException readRecord(CodedInputStream in, byte[] buffer, int index,
      boolean count) throws IOException {
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
    if (violation == null && count) {
      int artist = playCounts || users ? id(tally.artists(), buffer, BY) : checked(buffer, BY);
      if (playCounts) {
        tally.countSong(artist, id(tally.songIds(), buffer, SONG));
        tally.countDay(day);
      } else {
        checked(buffer, SONG);
      }
      if (users) {
        tally.countUser(id(tally.users(), buffer, USER), artist, duration);
      } else {
        checked(buffer, USER);
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
