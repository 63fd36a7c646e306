package org.musicanalytics.functions.recommendation.learned;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.functions.recommendation.learned.internal.Fields;
import org.musicanalytics.functions.recommendation.learned.internal.ListeningIndex;
import org.musicanalytics.functions.recommendation.learned.internal.TopK;
import org.musicanalytics.proto.LearnedRecommendations;
import org.musicanalytics.proto.ListenWeighting;
import org.musicanalytics.proto.ListeningScoreRequest;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.ScoredSong;
import org.musicanalytics.proto.SongNeighbours;
import org.musicanalytics.proto.UserRecommendations;

/**
 * {@code recommendFromListening}, round 3 of the learned recommender: each user of one
 * partition gets the top songs they have not played, scored from the songs' neighbours.
 *
 * <p>A song's score for a user is the sum, over the songs the user played, of its
 * similarity to the played song times the weight of the user's plays of it
 * ({@link ListenWeights#weight}, in single plays). Songs are ranked by score descending, then
 * key ascending; each carries the played song that contributed most ({@code because}; ties
 * to the lower key). A user with fewer than {@code min_history} distinct songs, or whose
 * songs have no neighbour they have not played, gets the request's recent popularity ranking
 * minus what they played ({@value #RECENT_POPULARITY}, each song scored with its plays in
 * that ranking). A list shorter than {@code top_n} is filled from the same ranking, those
 * songs scored 0 with no {@code because}. Users are answered by id ascending, all of them.
 *
 * <p>Sums run over a user's songs by key ascending, so the scores, to the bit, do not
 * depend on how the request lists the plays.
 */
public final class RecommendFromListening
    implements Function<ListeningScoreRequest, LearnedRecommendations> {

  /** The source of recommendations scored from neighbours. */
  public static final String ITEM_KNN = "item-knn";
  /** The source of the fallback for users with too little history. */
  public static final String RECENT_POPULARITY = "recent-popularity";

  /** Songs per user when the request gives no {@code top_n}. */
  public static final int DEFAULT_TOP_N = 10;
  /**
   * The most songs per user a request may ask for: the answer holds users x top_n songs, and
   * a list far longer than anyone reads only makes it bigger.
   */
  public static final int MAX_TOP_N = 1_000;

  /**
   * Users with fewer distinct songs than this get the fallback, when the request gives no
   * {@code min_history}. A single song's neighbours already say something about a user, but
   * they are the same list for everyone who played just that song, much like a popularity
   * list among its listeners; with two songs the lists start to combine. To be tuned by the
   * evaluation, through the request's field.
   */
  public static final int DEFAULT_MIN_HISTORY = 2;

  @Override
  public LearnedRecommendations apply(ListeningScoreRequest request) {
    StageClock clock = StageClock.start();
    int topN = topN(request.getTopN());
    int minHistory = request.getMinHistory() == 0 ? DEFAULT_MIN_HISTORY
        : request.getMinHistory();
    if (minHistory < 0) {
      throw new InvalidRequestException("min_history", "is "
          + Integer.toUnsignedString(minHistory) + ", more songs than any user can have");
    }
    ListenWeighting weighting = CountCoListening.weighting(request.getWeighting(), "weighting");
    ListeningIndex index = ListeningIndex.of(request.getListening(), "listening");
    Neighbours neighbours = Neighbours.of(request.getNeighbours());
    List<RankedSong> recent = request.getRecentRankingList();
    checkRanking(recent);

    // Each partition song's place among the neighbours' songs, and the recent ranking's.
    int[] partitionToNeighbour = new int[index.songCount()];
    Map<String, Integer> partitionSongs = new HashMap<>(index.songCount() * 2);
    for (int song = 0; song < index.songCount(); song++) {
      partitionToNeighbour[song] = neighbours.indexOf(index.songKey(song));
      partitionSongs.put(index.songKey(song), song);
    }
    int[] recentToPartition = new int[recent.size()];
    for (int r = 0; r < recent.size(); r++) {
      recentToPartition[r] = partitionSongs.getOrDefault(recent.get(r).getKey(), -1);
    }

    double unit = ListenWeights.unit(weighting);
    int songs = neighbours.songCount();
    double[] scores = new double[songs];
    double[] best = new double[songs];
    int[] because = new int[songs];
    int[] touched = new int[songs];
    // A user's marks: the user's number + 1, so no array is cleared between users.
    int[] playedMark = new int[songs];
    int[] touchedMark = new int[songs];
    int[] partitionMark = new int[index.songCount()];
    TopK top = new TopK(1, topN, neighbours.rank);
    int[] picked = new int[topN];
    double[] pickedScores = new double[topN];

    LearnedRecommendations.Builder answer = LearnedRecommendations.newBuilder();
    for (int user = 0; user < index.userCount(); user++) {
      int mark = user + 1;
      int start = index.start(user);
      int end = index.end(user);
      for (int at = start; at < end; at++) {
        partitionMark[index.song(at)] = mark;
        int played = partitionToNeighbour[index.song(at)];
        if (played >= 0) {
          playedMark[played] = mark;
        }
      }
      UserRecommendations.Builder recommendations = UserRecommendations.newBuilder()
          .setUserId(index.userId(user));
      int touchedCount = 0;
      if (end - start >= minHistory) {
        for (int at = start; at < end; at++) {
          int played = partitionToNeighbour[index.song(at)];
          if (played < 0) {
            continue;
          }
          double weight = ListenWeights.weight(weighting, index.plays(at)) / unit;
          for (int e = neighbours.start[played]; e < neighbours.start[played + 1]; e++) {
            int candidate = neighbours.neighbour[e];
            if (playedMark[candidate] == mark) {
              continue;
            }
            double contribution = neighbours.similarity[e] * weight;
            if (touchedMark[candidate] != mark) {
              touchedMark[candidate] = mark;
              touched[touchedCount++] = candidate;
              scores[candidate] = contribution;
              best[candidate] = contribution;
              because[candidate] = played;
            } else {
              scores[candidate] += contribution;
              // Played songs come by key ascending: a tie stays with the lower key.
              if (contribution > best[candidate]) {
                best[candidate] = contribution;
                because[candidate] = played;
              }
            }
          }
        }
      }
      for (int t = 0; t < touchedCount; t++) {
        top.offer(0, touched[t], scores[touched[t]]);
      }
      int count = top.drain(0, picked, pickedScores, 0);
      for (int p = 0; p < count; p++) {
        recommendations.addSongs(ScoredSong.newBuilder().setKey(neighbours.keys.get(picked[p]))
            .setScore(pickedScores[p])
            .setBecause(neighbours.keys.get(because[picked[p]])));
      }
      recommendations.setSource(count == 0 ? RECENT_POPULARITY : ITEM_KNN);
      fill(recommendations, topN, recent, recentToPartition, partitionMark, mark, count == 0);
      answer.addUsers(recommendations);
    }
    return answer.setProcessingTime(clock.elapsedSeconds()).build();
  }

  /**
   * Adds songs of the recent ranking that the user did not play and the list does not hold,
   * until it has {@code topN}.
   */
  private static void fill(UserRecommendations.Builder user, int topN, List<RankedSong> recent,
      int[] recentToPartition, int[] partitionMark, int mark, boolean fallback) {
    Set<String> listed = null;
    for (int r = 0; r < recent.size() && user.getSongsCount() < topN; r++) {
      int song = recentToPartition[r];
      if (song >= 0 && partitionMark[song] == mark) {
        continue;
      }
      if (!fallback) {
        if (listed == null) {
          listed = new HashSet<>();
          for (ScoredSong scored : user.getSongsList()) {
            listed.add(scored.getKey());
          }
        }
        if (listed.contains(recent.get(r).getKey())) {
          continue;
        }
      }
      user.addSongs(ScoredSong.newBuilder().setKey(recent.get(r).getKey())
          .setScore(fallback ? recent.get(r).getPlays() : 0));
    }
  }

  private static int topN(int requested) {
    return Fields.orDefault(requested, DEFAULT_TOP_N, MAX_TOP_N, "top_n");
  }

  /** Checks the recent ranking is one: plays not negative, ranked, no key twice. */
  private static void checkRanking(List<RankedSong> recent) {
    Set<String> keys = new HashSet<>(recent.size() * 2);
    for (int i = 0; i < recent.size(); i++) {
      RankedSong song = recent.get(i);
      String field = "recent_ranking[" + i + "]";
      if (song.getKey().isEmpty()) {
        throw new InvalidRequestException(field + ".key", "must not be empty");
      }
      if (song.getPlays() < 0) {
        throw new InvalidRequestException(field + ".plays",
            "must not be negative, was " + song.getPlays());
      }
      if (!keys.add(song.getKey())) {
        throw new InvalidRequestException(field + ".key",
            "repeats '" + song.getKey() + "'");
      }
      if (i > 0 && Ranking.BY_COUNT_THEN_KEY.compare(entry(recent.get(i - 1)), entry(song))
          > 0) {
        throw new InvalidRequestException(field,
            "is out of order: the ranking is by plays descending, then key ascending");
      }
    }
  }

  private static Map.Entry<String, Long> entry(RankedSong song) {
    return Map.entry(song.getKey(), song.getPlays());
  }

  /** A validated {@link SongNeighbours}, each song's entries together. */
  private static final class Neighbours {
    final List<String> keys;
    final int[] rank;
    /** The keys in ascending order, and the song of each. */
    final String[] keysByRank;
    final int[] songByRank;
    /** Per song, where its entries start in {@link #neighbour}; one extra at the end. */
    final int[] start;
    final int[] neighbour;
    final double[] similarity;

    private Neighbours(List<String> keys, int[] rank, int[] start, int[] neighbour,
        double[] similarity) {
      this.keys = keys;
      this.rank = rank;
      this.start = start;
      this.neighbour = neighbour;
      this.similarity = similarity;
      keysByRank = new String[keys.size()];
      songByRank = new int[keys.size()];
      for (int s = 0; s < rank.length; s++) {
        keysByRank[rank[s]] = keys.get(s);
        songByRank[rank[s]] = s;
      }
    }

    static Neighbours of(SongNeighbours message) {
      List<String> keys = message.getSongKeysList();
      int[] rank = Fields.distinctRanks(keys, "neighbours.song_keys");
      int entries = message.getSongIndexCount();
      String songField = "neighbours.song_index";
      Fields.aligned("neighbours.neighbour_index", message.getNeighbourIndexCount(),
          songField, entries);
      Fields.aligned("neighbours.similarity", message.getSimilarityCount(), songField,
          entries);
      int songs = keys.size();
      int[] start = new int[songs + 1];
      // A song listed as its own neighbour is let be: a user who has the song played it, so
      // it is never a candidate, and it is never the reason for another song.
      for (int e = 0; e < entries; e++) {
        int song = Fields.index(message.getSongIndex(e), songs, songField, e);
        Fields.index(message.getNeighbourIndex(e), songs, "neighbours.neighbour_index", e);
        double value = message.getSimilarity(e);
        if (!(value >= 0) || Double.isInfinite(value)) {
          throw new InvalidRequestException("neighbours.similarity[" + e + "]",
              "must be finite and not negative, was " + value);
        }
        start[song + 1]++;
      }
      for (int s = 0; s < songs; s++) {
        start[s + 1] += start[s];
      }
      // Each song's entries in listing order: the order within a song changes no sum, and
      // no tie of "because" (a played song gives a candidate one contribution at most).
      int[] neighbour = new int[entries];
      double[] similarity = new double[entries];
      int[] fill = Arrays.copyOf(start, songs);
      for (int e = 0; e < entries; e++) {
        int at = fill[message.getSongIndex(e)]++;
        neighbour[at] = message.getNeighbourIndex(e);
        similarity[at] = message.getSimilarity(e);
      }
      // A song's mark, on its neighbours: the song + 1, so no array is cleared between songs.
      int[] seen = new int[songs];
      for (int s = 0; s < songs; s++) {
        for (int at = start[s]; at < start[s + 1]; at++) {
          if (seen[neighbour[at]] == s + 1) {
            throw repeat(message, start, s);
          }
          seen[neighbour[at]] = s + 1;
        }
      }
      return new Neighbours(keys, rank, start, neighbour, similarity);
    }

    /** The error for song {@code song}'s repeated neighbour: its lowest, listed last. */
    private static InvalidRequestException repeat(SongNeighbours message, int[] start,
        int song) {
      long[] byNeighbour = new long[start[song + 1] - start[song]];
      int count = 0;
      for (int e = 0; e < message.getSongIndexCount(); e++) {
        if (message.getSongIndex(e) == song) {
          byNeighbour[count++] = (long) message.getNeighbourIndex(e) << 32 | e;
        }
      }
      Arrays.sort(byNeighbour);
      for (int at = 1; at < count; at++) {
        int repeated = (int) (byNeighbour[at] >>> 32);
        if (repeated == (int) (byNeighbour[at - 1] >>> 32)) {
          return new InvalidRequestException("neighbours.neighbour_index["
              + (int) byNeighbour[at] + "]", "repeats the neighbour '"
              + message.getSongKeys(repeated) + "' of '" + message.getSongKeys(song) + "'");
        }
      }
      throw new IllegalStateException("song " + song + " has no repeated neighbour");
    }

    int songCount() {
      return keys.size();
    }

    /** The song of {@code key}, or -1: a search of the sorted keys, with no hash table. */
    int indexOf(String key) {
      int at = Arrays.binarySearch(keysByRank, key);
      return at >= 0 ? songByRank[at] : -1;
    }
  }
}
