package org.musicanalytics.client.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.musicanalytics.counting.PlayDay;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.counting.StreamRecords;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.StreamRecord;

/**
 * Listening partitions held in memory, users assigned by a hash of their id: for
 * {@code evaluate}, which holds a split's past listening anyway, and for tests. Runs use
 * the record pass's partitions, which spill to disk.
 */
public final class InMemoryListeningPartitions implements ListeningPartitions {

  private final List<List<String>> usersByPartition = new ArrayList<>();
  private final Map<String, Map<String, Long>> plays;
  private final IntFunction<List<RankedSong>> recentRanking;

  /**
   * @param plays per user, plays per song key
   * @param recentRanking the recent ranking for a number of days, as
   *     {@link #recentRanking} gives it
   * @param partitions how many partitions, at least 1
   */
  public InMemoryListeningPartitions(Map<String, Map<String, Long>> plays,
      IntFunction<List<RankedSong>> recentRanking, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("at least one partition, was " + partitions);
    }
    this.plays = plays;
    this.recentRanking = recentRanking;
    for (int p = 0; p < partitions; p++) {
      usersByPartition.add(new ArrayList<>());
    }
    for (String user : new TreeSet<>(plays.keySet())) {
      usersByPartition.get(Math.floorMod(user.hashCode(), partitions)).add(user);
    }
  }

  /** The listening of {@code records} (song keys as a run makes them) in {@code partitions}. */
  public static InMemoryListeningPartitions of(Iterable<StreamRecord> records, int partitions) {
    Map<String, Map<String, Long>> plays = new HashMap<>();
    NavigableMap<Integer, Map<String, Long>> byDay = new TreeMap<>();
    Map<String, String> artists = new HashMap<>();
    for (StreamRecord record : records) {
      String key = StreamRecords.songKey(record.getArtist(), record.getSongId());
      artists.putIfAbsent(key, record.getArtist());
      plays.computeIfAbsent(record.getUserId(), u -> new HashMap<>()).merge(key, 1L, Long::sum);
      int day = PlayDay.of(record.getTimestamp());
      if (day != PlayDay.UNKNOWN) {
        byDay.computeIfAbsent(day, d -> new HashMap<>()).merge(key, 1L, Long::sum);
      }
    }
    return new InMemoryListeningPartitions(plays, days -> {
      Map<String, Long> recent = new HashMap<>();
      if (!byDay.isEmpty()) {
        byDay.tailMap(byDay.lastKey() - days + 1, true).values()
            .forEach(day -> day.forEach((key, n) -> recent.merge(key, n, Long::sum)));
      }
      return ranking(recent, artists::get);
    }, partitions);
  }

  /** {@code plays} per song key as a ranking: plays descending, then key ascending. */
  public static List<RankedSong> ranking(Map<String, Long> plays,
      Function<String, String> artist) {
    List<RankedSong> ranking = new ArrayList<>(plays.size());
    for (String key : Ranking.rank(plays)) {
      ranking.add(RankedSong.newBuilder().setKey(key).setArtist(artist.apply(key))
          .setPlays(plays.get(key)).build());
    }
    return ranking;
  }

  @Override
  public int count() {
    return usersByPartition.size();
  }

  @Override
  public ListeningPartition partition(int index) {
    ListeningPartition.Builder partition = ListeningPartition.newBuilder().setPartition(index)
        .setPartitions(count());
    Map<String, Integer> songIndex = new HashMap<>();
    List<String> users = usersByPartition.get(index);
    for (int u = 0; u < users.size(); u++) {
      partition.addUserIds(users.get(u));
      for (Map.Entry<String, Long> song : new TreeMap<>(plays.get(users.get(u))).entrySet()) {
        Integer at = songIndex.get(song.getKey());
        if (at == null) {
          at = songIndex.size();
          songIndex.put(song.getKey(), at);
          partition.addSongKeys(song.getKey());
        }
        partition.addListenUserIndex(u).addListenSongIndex(at)
            .addListenPlays(song.getValue());
      }
    }
    return partition.build();
  }

  @Override
  public List<RankedSong> recentRanking(int recentDays) {
    return recentRanking.apply(recentDays);
  }

  /** Nothing to free. */
  @Override
  public void close() {}
}
