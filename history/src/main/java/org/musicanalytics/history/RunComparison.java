package org.musicanalytics.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Two recorded runs compared: how the top songs moved in rank and plays, which songs are
 * new to the top, how each genre's share of plays changed, and the users' listening.
 *
 * @param from the earlier run's id
 * @param to the later run's id
 * @param songs every song in either run's top, by its rank in {@code to}, then in
 *     {@code from}
 * @param genreShares per genre, its share of plays (percent) in both runs
 * @param listening the users' listening in both runs
 */
public record RunComparison(String from, String to, List<SongChange> songs,
    Map<String, ShareChange> genreShares, Listening listening) {

  /** How many top songs of each run are compared. */
  public static final int TOP = 10;

  /**
   * A song's rank (from 1) and plays in both runs; null where the run does not list it.
   *
   * @param movement {@code rose}, {@code fell}, {@code same}, {@code new} (in {@code to}'s
   *     top, not ranked in {@code from}'s top) or {@code left} (out of {@code to}'s top)
   */
  public record SongChange(String key, Long fromRank, Long fromPlays, Long toRank,
      Long toPlays, String movement) {}

  /** A genre's share of all plays, in percent, in both runs, and the change in points. */
  public record ShareChange(double fromShare, double toShare, double change) {}

  /** The users' listening in both runs. */
  public record Listening(long fromUsers, long toUsers, long fromSeconds, long toSeconds,
      double fromAverageSeconds, double toAverageSeconds, long usersOnlyInFrom,
      long usersOnlyInTo) {}

  /**
   * The comparison of two recorded runs.
   *
   * @throws java.util.NoSuchElementException naming the id that is not recorded
   */
  public static RunComparison of(HistoryStore store, String from, String to) {
    for (String id : List.of(from, to)) {
      if (store.run(id).isEmpty()) {
        throw new java.util.NoSuchElementException("no run " + id + " in the history");
      }
    }
    Set<String> keys = new LinkedHashSet<>();
    store.songs(to, 0, TOP).forEach(song -> keys.add(song.key()));
    Set<String> topOfTo = Set.copyOf(keys);
    List<RunRecord.SongPlays> fromTop = store.songs(from, 0, TOP);
    Set<String> topOfFrom = new LinkedHashSet<>();
    fromTop.forEach(song -> topOfFrom.add(song.key()));
    keys.addAll(topOfFrom);
    List<SongChange> songs = new ArrayList<>();
    Map<String, long[]> fromRanks = store.songRanks(from, from, to, TOP);
    Map<String, long[]> toRanks = store.songRanks(to, from, to, TOP);
    for (String key : keys) {
      Optional<long[]> before = Optional.ofNullable(fromRanks.get(key));
      Optional<long[]> after = Optional.ofNullable(toRanks.get(key));
      Long fromRank = before.map(r -> r[0]).orElse(null);
      Long toRank = after.map(r -> r[0]).orElse(null);
      String movement;
      if (!topOfTo.contains(key)) {
        movement = "left";
      } else if (!topOfFrom.contains(key)) {
        movement = "new";
      } else if (toRank < fromRank) {
        movement = "rose";
      } else if (toRank > fromRank) {
        movement = "fell";
      } else {
        movement = "same";
      }
      songs.add(new SongChange(key, fromRank, before.map(r -> r[1]).orElse(null), toRank,
          after.map(r -> r[1]).orElse(null), movement));
    }
    return new RunComparison(from, to, songs, shares(store.genres(from), store.genres(to)),
        listening(store, from, to));
  }

  private static Map<String, ShareChange> shares(Map<String, Long> from, Map<String, Long> to) {
    double fromTotal = from.values().stream().mapToLong(Long::longValue).sum();
    double toTotal = to.values().stream().mapToLong(Long::longValue).sum();
    Set<String> genres = new LinkedHashSet<>(to.keySet());
    genres.addAll(from.keySet());
    Map<String, ShareChange> shares = new LinkedHashMap<>();
    for (String genre : genres) {
      double before = fromTotal == 0 ? 0 : 100.0 * from.getOrDefault(genre, 0L) / fromTotal;
      double after = toTotal == 0 ? 0 : 100.0 * to.getOrDefault(genre, 0L) / toTotal;
      shares.put(genre, new ShareChange(before, after, after - before));
    }
    return shares;
  }

  private static Listening listening(HistoryStore store, String from, String to) {
    long[] before = store.listening(from);
    long[] after = store.listening(to);
    long[] only = store.usersOnlyIn(from, to);
    return new Listening(before[1], after[1], before[0], after[0],
        before[1] == 0 ? 0 : (double) before[0] / before[1],
        after[1] == 0 ? 0 : (double) after[0] / after[1], only[0], only[1]);
  }
}
