package org.musicanalytics.counting;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.musicanalytics.counting.internal.LongLongCounts;
import org.musicanalytics.counting.internal.ShardCountsCodec;
import org.musicanalytics.counting.internal.Tally;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.Song;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * The counts of many shards merged as they arrive, into running totals that the stages'
 * {@link CountsAnswer}s read ({@link #answer}).
 *
 * <p>The answers are exactly those of the stages' own merges of the same parts, in any
 * order, but each part costs one pass over it: a {@code ShardCounts} in its wire form
 * ({@link #addEncoded(byte[])}) is read straight into the totals, and the plain stages'
 * answers are read back into counts. Not thread-safe: merge on one thread, or synchronize
 * around every call.
 */
public final class MergedCounts {

  private final Tally tally = Tally.forMerging();
  private final ShardCountsCodec.Reader reader = new ShardCountsCodec.Reader();
  private double playCountsTime;
  private double userStatsTime;
  private double genresTime;
  private double processingTime;

  // ---- the fused call's counts ----------------------------------------------------

  /**
   * Adds one shard's counts.
   *
   * @throws IllegalArgumentException if its arrays do not fit together, or a user cannot be
   *     merged
   * @throws ArithmeticException if a count overflows
   */
  public void add(ShardCounts counts) {
    processingTime += reader.read(counts, tally);
  }

  /**
   * Adds one shard's counts from their wire form, as {@code add(ShardCounts.parseFrom(..))}
   * would, without building the message.
   *
   * @throws InvalidProtocolBufferException where {@code ShardCounts.parseFrom} fails, and
   *     on the fields of the message's earlier form (a host of an older build); the totals
   *     may then hold part of the counts
   * @throws IllegalArgumentException as {@link #add(ShardCounts)}
   */
  public void addEncoded(byte[] shardCounts) throws InvalidProtocolBufferException {
    processingTime += reader.read(shardCounts, tally);
  }

  /** As {@link #addEncoded(byte[])}, reading the stream to its end. */
  public void addEncoded(InputStream shardCounts) throws IOException {
    addEncoded(shardCounts.readAllBytes());
  }

  // ---- listening (the learned recommender's round 1) --------------------------------

  /**
   * Hands each shard's listening (fields 20-25), as it is read, to {@code sink} under this
   * merge's ids, instead of keeping it; it is as large as the input.
   */
  public void forwardListeningTo(ListeningSink sink) {
    tally.forwardListeningTo(sink);
  }

  /**
   * Whether the shard's counts added last count plays of songs but list no listening: the
   * answer of a host that does not count listening (an older build), though asked.
   */
  public boolean lastLacksListening() {
    return reader.lastLacksListening();
  }

  /** The user of a run-wide id a {@link ListeningSink} was given. */
  public String user(int user) {
    return tally.user(user);
  }

  /** The key {@code "<artist> - <song_id>"} of a song id a {@link ListeningSink} was given. */
  public String songKey(int song) {
    long key = tally.songEntryKey(song);
    return StreamRecords.songKey(tally.artist(LongLongCounts.first(key)),
        tally.songId(LongLongCounts.second(key)));
  }

  /** The artist of a song id a {@link ListeningSink} was given. */
  public String songArtist(int song) {
    return tally.artist(LongLongCounts.first(tally.songEntryKey(song)));
  }

  // ---- the plain stages' answers --------------------------------------------------

  /**
   * Adds one shard's play counts: by artist and song id where the key's parts in
   * {@code songs} make the key, else by key; and its plays per day.
   *
   * @throws IllegalArgumentException if a {@code plays_per_day} key is not a day
   */
  public void add(PlayCounts part) {
    Map<String, Song> songs = part.getSongsMap();
    part.getPlayCountsMap().forEach((key, plays) -> {
      Song song = songs.get(key);
      if (song != null && key.equals(StreamRecords.songKey(song.getArtist(), song.getSongId()))) {
        tally.addSongPlays(tally.artists().id(song.getArtist()),
            tally.songIds().id(song.getSongId()), plays);
      } else {
        tally.addKeyOnlyPlays(key, plays);
        if (song != null) {
          tally.addKeyOnlySong(key, song);
        }
      }
    });
    songs.forEach((key, song) -> {
      if (!part.containsPlayCounts(key)) {
        tally.addKeyOnlySong(key, song);
      }
    });
    part.getPlaysPerDayMap().forEach((day, plays) -> tally.addDayPlays(PlayDay.ofKey(day),
        plays));
    playCountsTime += part.getProcessingTime();
  }

  /**
   * Adds one shard's user answers: a user that comes in this part only keeps its top artist
   * ({@link CountedPlays#topArtistAsSent}).
   *
   * @throws IllegalArgumentException if a user in two parts lacks {@code artist_plays} in
   *     one, so its top artist is unknown
   */
  public void add(UserStatsList part) {
    for (UserStat user : part.getUserStatsList()) {
      int userId = tally.users().id(user.getUserId());
      user.getArtistPlaysMap().forEach((artist, plays) -> tally.addArtistPlays(userId,
          tally.artists().id(artist), plays));
      tally.addUserPart(userId, user.getTotalTime(), tally.artists().id(user.getTopArtist()),
          user.getArtistPlaysCount() > 0);
    }
    userStatsTime += part.getProcessingTime();
  }

  /** Adds one shard's genre counts. */
  public void add(GenreAnalysisResponse part) {
    part.getGenreCountsMap().forEach((genre, plays) -> tally.addGenrePlays(
        tally.genreNames().id(genre), plays));
    genresTime += part.getProcessingTime();
  }

  // ---- answers --------------------------------------------------------------------

  /** A stage's answer from the counts merged so far; no processing time. */
  public <T> T answer(CountsAnswer<T> answer) {
    return answer.answer(tally);
  }

  /** The sum of the merged {@code ShardCounts}' own {@code processing_time}. */
  public double processingTime() {
    return processingTime;
  }

  /** The sum of the merged plain {@code PlayCounts}' {@code processing_time}. */
  public double playCountsTime() {
    return playCountsTime;
  }

  /** The sum of the merged plain {@code UserStatsList}s' {@code processing_time}. */
  public double userStatsTime() {
    return userStatsTime;
  }

  /** The sum of the merged plain {@code GenreAnalysisResponse}s' {@code processing_time}. */
  public double genresTime() {
    return genresTime;
  }
}
