package org.musicanalytics.functions;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardSummary;
import org.musicanalytics.proto.Song;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * Merges the partial answers of many shards as they arrive, into running totals rather
 * than a new message per merge: the answers are exactly those of {@link Summaries}'
 * {@code merge} over the same parts (a {@code ShardSummary} standing for the three answers
 * its shard's stages give), in any order, but each part costs one pass over it.
 *
 * <p>Parts come as the plain stages' answers ({@link #add(PlayCounts)},
 * {@link #add(UserStatsList)}, {@link #add(GenreAnalysisResponse)}), or as the compact
 * {@code ShardSummary} of the fused call, as a message ({@link #add(ShardSummary)}) or in
 * its wire form ({@link #addEncoded(byte[])}), which is read straight into the totals: each
 * of its strings is looked up once, and its packed counts are added by id.
 *
 * <p>The totals are a {@link Tally}, the representation a shard's pass counts in: the
 * user × artist counts, about as many as the input has rows, cost one slot of a primitive
 * table each. A caller that needs only each user's totals and top artist asks for
 * {@link #userStats(boolean) userStats(false)}, which leaves {@code artist_plays} out
 * instead of building a map entry per pair.
 *
 * <p>Not thread-safe: merge on one thread, or synchronize around every call.
 */
public final class SummaryAccumulator {

  private final Tally tally = Tally.ofSummaries();
  private final CompactSummary.Reader reader = new CompactSummary.Reader();
  /**
   * Of plain answers, the plays of keys that came without their parts in {@code songs}, and
   * the parts of keys that came without plays (or under a key not made of them): merged by
   * key, as {@link Summaries#merge(PlayCounts, PlayCounts)} does. Our stages send neither.
   */
  private final Map<String, Long> keyedPlays = new HashMap<>();
  private final Map<String, Song> keyedSongs = new HashMap<>();
  private double playCountsTime;
  private double userStatsTime;
  private double genresTime;
  private double processingTime;

  // ---- the fused call's summaries -------------------------------------------------

  /**
   * Adds one shard's summary.
   *
   * @throws IllegalArgumentException if its arrays do not fit together, or a user cannot be
   *     merged
   * @throws ArithmeticException if a count overflows
   */
  public void add(ShardSummary summary) {
    processingTime += reader.read(summary, tally);
  }

  /**
   * Adds one shard's summary from its wire form, as {@code add(ShardSummary.parseFrom(..))}
   * would, without building it.
   *
   * @throws InvalidProtocolBufferException where {@code ShardSummary.parseFrom} fails, and
   *     on the fields of the summary's earlier form (a host of an older build); the totals
   *     may then hold part of the summary
   * @throws IllegalArgumentException as {@link #add(ShardSummary)}
   */
  public void addEncoded(byte[] shardSummary) throws InvalidProtocolBufferException {
    processingTime += reader.read(shardSummary, tally);
  }

  /** As {@link #addEncoded(byte[])}, reading the stream to its end. */
  public void addEncoded(InputStream shardSummary) throws IOException {
    addEncoded(shardSummary.readAllBytes());
  }

  // ---- the plain stages' answers --------------------------------------------------

  /** Adds one shard's play counts. */
  public void add(PlayCounts part) {
    Map<String, Song> songs = part.getSongsMap();
    part.getPlayCountsMap().forEach((key, plays) -> {
      Song song = songs.get(key);
      if (song != null && key.equals(StreamRecords.songKey(song.getArtist(), song.getSongId()))) {
        tally.addSongPlays(tally.artists().id(song.getArtist()),
            tally.songIds().id(song.getSongId()), plays);
      } else {
        keyedPlays.merge(key, plays, Math::addExact);
        if (song != null) {
          keyedSongs.merge(key, song, Summaries::canonicalSong);
        }
      }
    });
    songs.forEach((key, song) -> {
      if (!part.containsPlayCounts(key)) {
        keyedSongs.merge(key, song, Summaries::canonicalSong);
      }
    });
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

  /** The merged play counts; {@code processing_time} is the plain answers' sum. */
  public PlayCounts playCounts() {
    return tally.playCounts(keyedPlays, keyedSongs).setProcessingTime(playCountsTime).build();
  }

  /**
   * The merged user summaries, finalised ({@link Summaries#userStats}); a user with one
   * part keeps its top artist as it came. {@code processing_time} is the plain answers' sum.
   */
  public UserStatsList userStats() {
    return userStats(true);
  }

  /**
   * As {@link #userStats()}, with or without each user's {@code artist_plays}: without,
   * every other field is the same, and no map entry is built per user × artist pair.
   */
  public UserStatsList userStats(boolean withArtistPlays) {
    return tally.userStats(withArtistPlays).setProcessingTime(userStatsTime).build();
  }

  /** The merged genre counts, ranked; {@code processing_time} is the plain answers' sum. */
  public GenreAnalysisResponse genres() {
    return tally.genres().setProcessingTime(genresTime).build();
  }

  /** The sum of the summaries' own {@code processing_time}. */
  public double processingTime() {
    return processingTime;
  }
}
