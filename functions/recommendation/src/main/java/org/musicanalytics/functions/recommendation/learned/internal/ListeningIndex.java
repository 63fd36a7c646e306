package org.musicanalytics.functions.recommendation.learned.internal;

import java.util.Arrays;
import java.util.List;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.ListeningPartition;

/**
 * A validated {@link ListeningPartition} in canonical order, whatever the order of the
 * request: users by id ascending, and each user's songs by key ascending.
 *
 * <p>Songs are numbered by their key's rank ({@link #songKey}), so an ascending song number
 * is an ascending key, and every answer computed from the index is the same for the same
 * plays listed in any order.
 */
public final class ListeningIndex {

  private final String[] userIds;
  private final String[] songKeys;
  /** Per user (by rank), where its plays start in {@link #songs}; one extra at the end. */
  private final int[] userStart;
  /** Each play's song (by rank), grouped by user, ascending within a user. */
  private final int[] songs;
  private final long[] plays;

  private ListeningIndex(String[] userIds, String[] songKeys, int[] userStart, int[] songs,
      long[] plays) {
    this.userIds = userIds;
    this.songKeys = songKeys;
    this.userStart = userStart;
    this.songs = songs;
    this.plays = plays;
  }

  /**
   * Validates and indexes a partition.
   *
   * @param field the partition's path in the request, e.g. {@code listening}, for errors
   * @throws InvalidRequestException naming the field and the element at fault: an empty or
   *     repeated user id or song key, arrays of different lengths, an index out of range, a
   *     play count that is not positive, a user and song listed twice, or a partition number
   *     not below the number of partitions
   */
  public static ListeningIndex of(ListeningPartition partition, String field) {
    if (partition.getPartitions() == 0 ? partition.getPartition() != 0
        : Integer.compareUnsigned(partition.getPartition(), partition.getPartitions()) >= 0) {
      throw new InvalidRequestException(field + ".partition", "must be below partitions ("
          + Integer.toUnsignedString(partition.getPartitions()) + "), was "
          + Integer.toUnsignedString(partition.getPartition()));
    }
    int[] userRank = Fields.distinctRanks(partition.getUserIdsList(), field + ".user_ids");
    int[] songRank = Fields.distinctRanks(partition.getSongKeysList(), field + ".song_keys");
    int n = partition.getListenUserIndexCount();
    String userIndexField = field + ".listen_user_index";
    Fields.aligned(field + ".listen_song_index", partition.getListenSongIndexCount(),
        userIndexField, n);
    Fields.aligned(field + ".listen_plays", partition.getListenPlaysCount(), userIndexField, n);

    int users = userRank.length;
    int[] userStart = new int[users + 1];
    for (int i = 0; i < n; i++) {
      int user = Fields.index(partition.getListenUserIndex(i), users, userIndexField, i);
      Fields.index(partition.getListenSongIndex(i), songRank.length,
          field + ".listen_song_index", i);
      long played = partition.getListenPlays(i);
      if (played <= 0) {
        throw new InvalidRequestException(field + ".listen_plays[" + i + "]",
            "must be positive, was " + played);
      }
      userStart[userRank[user] + 1]++;
    }
    for (int u = 0; u < users; u++) {
      userStart[u + 1] += userStart[u];
    }
    // Each user's plays, by song rank; the listing's position kept to name a repeat.
    long[] rankAndListing = new long[n];
    int[] fill = Arrays.copyOf(userStart, users);
    for (int i = 0; i < n; i++) {
      int user = userRank[partition.getListenUserIndex(i)];
      rankAndListing[fill[user]++] =
          (long) songRank[partition.getListenSongIndex(i)] << 32 | i;
    }
    int[] songs = new int[n];
    long[] plays = new long[n];
    for (int u = 0; u < users; u++) {
      Arrays.sort(rankAndListing, userStart[u], userStart[u + 1]);
      for (int at = userStart[u]; at < userStart[u + 1]; at++) {
        int listing = (int) rankAndListing[at];
        songs[at] = (int) (rankAndListing[at] >>> 32);
        plays[at] = partition.getListenPlays(listing);
        if (at > userStart[u] && songs[at] == songs[at - 1]) {
          throw new InvalidRequestException(field + ".listen_song_index[" + listing + "]",
              "repeats the pair of user " + partition.getListenUserIndex(listing)
              + " and song " + partition.getListenSongIndex(listing)
              + " (listed first at " + (int) rankAndListing[at - 1] + ")");
        }
      }
    }
    return new ListeningIndex(inRankOrder(partition.getUserIdsList(), userRank),
        inRankOrder(partition.getSongKeysList(), songRank), userStart, songs, plays);
  }

  private static String[] inRankOrder(List<String> values, int[] rank) {
    String[] sorted = new String[values.size()];
    for (int i = 0; i < rank.length; i++) {
      sorted[rank[i]] = values.get(i);
    }
    return sorted;
  }

  /** How many users, with or without plays. */
  public int userCount() {
    return userIds.length;
  }

  /** The {@code user}-th user id in ascending order. */
  public String userId(int user) {
    return userIds[user];
  }

  /** How many songs the partition lists. */
  public int songCount() {
    return songKeys.length;
  }

  /** The key of song {@code song}: the {@code song}-th key in ascending order. */
  public String songKey(int song) {
    return songKeys[song];
  }

  /** Where the plays of {@code user} start in {@link #song} and {@link #plays}. */
  public int start(int user) {
    return userStart[user];
  }

  /** Where the plays of {@code user} end (exclusive). */
  public int end(int user) {
    return userStart[user + 1];
  }

  /** How many play entries, over all users: one per user and song. */
  public int entryCount() {
    return songs.length;
  }

  /** The song of play entry {@code at}; a user's entries are by song ascending. */
  public int song(int at) {
    return songs[at];
  }

  /** The plays of play entry {@code at}: positive. */
  public long plays(int at) {
    return plays[at];
  }
}
