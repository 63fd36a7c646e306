package org.musicanalytics.client.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.musicanalytics.client.pipeline.internal.CoListeningSpill;
import org.musicanalytics.client.pipeline.internal.InFlightCalls;
import org.musicanalytics.client.pipeline.internal.LearnedPayloads;
import org.musicanalytics.client.pipeline.internal.NeighbourRows;
import org.musicanalytics.client.pipeline.internal.NeighbourTable;
import org.musicanalytics.client.pipeline.internal.PartialAnswers;
import org.musicanalytics.client.pipeline.internal.StageTimes;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.recommendation.learned.CountCoListening;
import org.musicanalytics.functions.recommendation.learned.ListenWeights;
import org.musicanalytics.functions.recommendation.learned.RecommendFromListening;
import org.musicanalytics.functions.recommendation.learned.SongSimilarity;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.LearnedRecommendations;
import org.musicanalytics.proto.ListenWeighting;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.ListeningScoreRequest;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.SongKeys;
import org.musicanalytics.proto.SongNeighbours;
import org.musicanalytics.proto.UserRecommendations;

/**
 * The learned recommender's rounds 2 and 3 over the listening round 1 partitioned by user,
 * through {@link LearnedStageCalls}, the same on every target.
 *
 * <p>Round 2 calls {@code countCoListening} once per partition, or once per partition and
 * song bucket if its answer would outgrow the budget otherwise: the calls' buckets are the
 * fewest (a power of two) for which, by bounds computed from the listening before any call,
 * every answer fits. The client splits each answer by the merge's song buckets into files on
 * disk ({@link CoListeningSpill}), and merges them one bucket at a time into
 * {@link SongSimilarity}, which keeps only that bucket's neighbours; the buckets' neighbours
 * are then joined ({@link NeighbourRows}). The merge's buckets are the fewest (a power of
 * two, at least the calls') for which no bucket's merge holds more than
 * {@link #withMaxMergePairs} pairs by the same bounds. Round 3 calls
 * {@code recommendFromListening} once per group of a partition's users, groups cut so that
 * the request (their listening, the neighbours of their songs and the head of the recent
 * ranking) and its answer stay within the budget; a user's history is never split.
 *
 * <p>The answers do not depend on the target, the partitioning, the buckets, the groups,
 * the concurrency or the order calls finish in: round 2's sums are exact integers, round 3
 * answers each user from their own listening and the same neighbours, and users are listed
 * by id.
 */
public final class LearnedRecommender {

  /**
   * Pairs one bucket's merge may hold by default, counted as an upper bound (every user's
   * pairs, before pairs shared by users are added up). The merge's table is at most 3/4
   * full of 16-byte slots, by powers of two: 3 million pairs fit 4 million slots (64 MiB),
   * whose growth from 2 million holds both tables (96 MiB) at once; one pair more doubles
   * that, too much beside the rest within the launcher's heap. The bucket's pairs read back
   * from the spill, 16 bytes each in the message the merge adds, are held beside the table.
   */
  public static final long DEFAULT_MAX_MERGE_PAIRS = 3_000_000;

  /** The recent popularity's days, as {@code evaluate} counts them. */
  public static final int DEFAULT_RECENT_DAYS = 7;

  /** How round 2's calls are named in failures. */
  public static final String CO_LISTENING = "round 2 (CountCoListening)";
  /** How round 3's calls are named in failures. */
  public static final String SCORING = "round 3 (RecommendFromListening)";

  private final LearnedStageCalls stages;
  private final ShardBudget budget;
  private final LearnedPayloads payloads;
  private int concurrency = 1;
  private int topN = RecommendFromListening.DEFAULT_TOP_N;
  private int songBuckets;
  private long maxMergePairs = DEFAULT_MAX_MERGE_PAIRS;
  private int recentDays = DEFAULT_RECENT_DAYS;

  /**
   * @param stages the target's rounds 2 and 3
   * @param budget the largest request and answer, in the target's wire format
   */
  public LearnedRecommender(LearnedStageCalls stages, ShardBudget budget) {
    this.stages = stages;
    this.budget = budget;
    this.payloads = new LearnedPayloads(budget.format());
  }

  /**
   * The largest listening partition, in bytes of binary protobuf, that round 1 should cut
   * for this recommender: a quarter of a binary budget, so that round 2's request leaves
   * room to spare and its answer needs few song buckets; a sixteenth of a proto3 JSON
   * budget, whose numbers take several times their binary size.
   */
  public long partitionBytes() {
    boolean binary = budget.format().equals(PayloadFormat.protobuf());
    return Math.max(1, budget.maxBytes() / (binary ? 4 : 16));
  }

  /** At most {@code calls} calls in flight, as the run's {@code --concurrency}. */
  public LearnedRecommender withConcurrency(int calls) {
    if (calls < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + calls);
    }
    this.concurrency = calls;
    return this;
  }

  /** Songs per user ({@link RecommendFromListening#DEFAULT_TOP_N} if never set). */
  public LearnedRecommender withTopN(int songs) {
    if (songs < 1 || songs > RecommendFromListening.MAX_TOP_N) {
      throw new IllegalArgumentException("top N must be from 1 to "
          + RecommendFromListening.MAX_TOP_N + ", was " + songs);
    }
    this.topN = songs;
    return this;
  }

  /**
   * Exactly {@code buckets} song buckets in round 2's merge, rather than the fewest that
   * fit; its calls use the fewest that fit their answers, at most as many. The run still
   * fails if an answer or a merge would not fit.
   */
  public LearnedRecommender withSongBuckets(int buckets) {
    if (buckets < 1 || buckets > CountCoListening.MAX_SONG_BUCKETS) {
      throw new IllegalArgumentException("song buckets must be from 1 to "
          + CountCoListening.MAX_SONG_BUCKETS + ", was " + buckets);
    }
    this.songBuckets = buckets;
    return this;
  }

  /** At most {@code pairs} pairs (an upper bound) in one bucket's merge. */
  public LearnedRecommender withMaxMergePairs(long pairs) {
    if (pairs < 1) {
      throw new IllegalArgumentException("the merge must hold at least 1 pair, was " + pairs);
    }
    this.maxMergePairs = pairs;
    return this;
  }

  /** Recent popularity over the input's last {@code days} days (7 if never set). */
  public LearnedRecommender withRecentDays(int days) {
    if (days < 1) {
      throw new IllegalArgumentException("recent days must be at least 1, was " + days);
    }
    this.recentDays = days;
    return this;
  }

  /**
   * What the rounds gave.
   *
   * @param users every user's recommendations, by user id ascending
   * @param songBuckets the song buckets round 2's merge used (its calls may use fewer)
   * @param coListening round 2's calls
   * @param scoring round 3's calls
   * @param usersCapped users whose history round 2 cut to the history cap
   * @param songsWithNeighbours songs the merged neighbours name
   */
  public record Result(List<UserRecommendations> users, int songBuckets,
      CallTimes coListening, CallTimes scoring, long usersCapped, int songsWithNeighbours) {

    public Result {
      users = List.copyOf(users);
    }

    /**
     * {@code old} (the rule's answer) with each user's list replaced by the first
     * {@link Ranking#TOP_K} learned songs: the results' five-per-user shape.
     */
    public RecommendationResponse firstSongs(RecommendationResponse old) {
      Map<String, SongKeys> byUser = new LinkedHashMap<>();
      for (UserRecommendations user : users) {
        SongKeys.Builder keys = SongKeys.newBuilder();
        user.getSongsList().stream().limit(Ranking.TOP_K).forEach(s -> keys.addValues(s.getKey()));
        byUser.put(user.getUserId(), keys.build());
      }
      return old.toBuilder().clearRecommendations().putAllRecommendations(byUser).build();
    }
  }

  /**
   * Runs rounds 2 and 3 over {@code partitions}.
   *
   * @throws StageFailedException if a call fails, naming the round, the partition and the
   *     bucket or users it carried
   * @throws ShardBudgetException if a partition cannot be cut to fit the budget (a user
   *     whose request alone is too large, a partition whose songs alone are)
   */
  public Result recommend(ListeningPartitions partitions) {
    int count = partitions.count();
    if (count < 1) {
      throw new IllegalArgumentException("there must be at least one partition, was " + count);
    }
    ListenWeighting weighting = ListenWeights.DEFAULT;
    StageTimes coListeningTimes = new StageTimes();
    StageTimes scoringTimes = new StageTimes();
    try (InFlightCalls calls = new InFlightCalls(concurrency)) {
      PartitionShape[] shapes = new PartitionShape[count];
      int[] candidates = candidates();
      for (int p = 0; p < count; p++) {
        shapes[p] = PartitionShape.of(partitions.partition(p), weighting, candidates, payloads);
      }
      int answerChoice = answerBuckets(shapes, candidates);
      int answerBuckets = candidates[answerChoice];
      int buckets = candidates[mergeBuckets(shapes, candidates, answerChoice)];

      SongNeighbours joined;
      long usersCapped;
      try (CoListeningSpill spill = new CoListeningSpill(answerBuckets, buckets)) {
        for (int p = 0; p < count; p++) {
          for (int bucket = 0; bucket < answerBuckets; bucket++) {
            String where = CO_LISTENING + ", partition " + p + " (of " + count
                + "), song bucket " + bucket + " (of " + answerBuckets + ")";
            CoListeningRequest request = CoListeningRequest.newBuilder()
                .setListening(partitions.partition(p)).setWeighting(weighting)
                .setSongBucket(bucket).setSongBuckets(answerBuckets).build();
            int answerBucket = bucket;
            calls.submit(() -> {
              CoListeningCounts answer = coListeningTimes.call(Stage.RECOMMENDATION, where,
                  () -> stages.countCoListening(request));
              PartialAnswers.mergeStep(Stage.RECOMMENDATION, where, () -> {
                spill.add(answer, answerBucket);
                return null;
              });
            });
          }
        }
        calls.awaitAll();
        spill.finish();
        usersCapped = spill.usersCapped();
        NeighbourRows rows = new NeighbourRows(spill);
        for (int bucket = 0; bucket < buckets; bucket++) {
          String where = CO_LISTENING + ", the merge of song bucket " + bucket + " (of "
              + buckets + ")";
          int merged = bucket;
          SongSimilarity similarity = PartialAnswers.mergeStep(Stage.RECOMMENDATION, where,
              () -> new SongSimilarity().add(spill.bucket(merged)));
          rows.add(similarity.neighbours());
        }
        joined = rows.joined();
      }
      NeighbourTable table = new NeighbourTable(joined);
      joined = null;
      List<UserRecommendations> users = scoreAll(partitions, shapes, table, weighting, calls,
          scoringTimes);
      return new Result(users, buckets, coListeningTimes.stages().get(Stage.RECOMMENDATION),
          scoringTimes.stages().get(Stage.RECOMMENDATION), usersCapped, table.songCount());
    }
  }

  /**
   * Round 3 alone, with {@code neighbours} for round 2's (entries by song, keys ascending):
   * for benchmarks of round 3 without the cost of round 2. Round 2's fields of the result
   * are 0.
   */
  Result scoreOnly(ListeningPartitions partitions, SongNeighbours neighbours) {
    ListenWeighting weighting = ListenWeights.DEFAULT;
    StageTimes scoringTimes = new StageTimes();
    try (InFlightCalls calls = new InFlightCalls(concurrency)) {
      PartitionShape[] shapes = new PartitionShape[partitions.count()];
      for (int p = 0; p < shapes.length; p++) {
        shapes[p] = PartitionShape.of(partitions.partition(p), weighting, new int[] {1},
            payloads);
      }
      NeighbourTable table = new NeighbourTable(neighbours);
      List<UserRecommendations> users = scoreAll(partitions, shapes, table, weighting, calls,
          scoringTimes);
      return new Result(users, 0, new StageTimes().stages().get(Stage.RECOMMENDATION),
          scoringTimes.stages().get(Stage.RECOMMENDATION), 0, table.songCount());
    }
  }

  /** Round 3 over every partition: every user's recommendations, by user id. */
  private List<UserRecommendations> scoreAll(ListeningPartitions partitions,
      PartitionShape[] shapes, NeighbourTable table, ListenWeighting weighting,
      InFlightCalls calls, StageTimes scoringTimes) {
    int count = partitions.count();
    List<RankedSong> recent = partitions.recentRanking(recentDays);
    String longestKey = table.longestKey(payloads::keyBytes);
    for (RankedSong song : recent) {
      if (payloads.keyBytes(song.getKey()) > payloads.keyBytes(longestKey)) {
        longestKey = song.getKey();
      }
    }
    long userAnswer = payloads.userAnswerBytes(topN, longestKey);
    long[] keyBytes = table.keyLengths(payloads::keyBytes);
    List<UserRecommendations> users = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      score(partitions.partition(p), shapes[p], table, keyBytes, recent, weighting,
          userAnswer, calls, scoringTimes, users);
    }
    calls.awaitAll();
    users.sort(Comparator.comparing(UserRecommendations::getUserId));
    return users;
  }

  /**
   * The numbers of song buckets round 2 may use, ascending: the powers of two up to
   * {@link CountCoListening#MAX_SONG_BUCKETS}, or, if {@link #withSongBuckets} set it, those
   * below that number and the number itself (the merge's; the calls' may be fewer).
   */
  private int[] candidates() {
    int most = songBuckets > 0 ? songBuckets : CountCoListening.MAX_SONG_BUCKETS;
    List<Integer> candidates = new ArrayList<>();
    for (int power = 1; power < most; power *= 2) {
      candidates.add(power);
    }
    candidates.add(most);
    return candidates.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The first candidate (its index) for which every call's answer fits the budget: the
   * song buckets of the calls, one call per partition and bucket.
   */
  private int answerBuckets(PartitionShape[] shapes, int[] candidates) {
    String why = "";
    for (int c = 0; c < candidates.length; c++) {
      int buckets = candidates[c];
      why = "";
      for (int p = 0; p < shapes.length && why.isEmpty(); p++) {
        PartitionShape shape = shapes[p];
        if (shape.requestBytes > budget.maxBytes()) {
          throw new ShardBudgetException("listening partition " + p + " (of " + shapes.length
              + ") takes " + shape.requestBytes + " bytes of " + budget.format().name()
              + ", more than the budget of " + budget.maxBytes() + "; round 1 must cut "
              + "smaller partitions");
        }
        for (int b = 0; b < buckets; b++) {
          long answer = shape.answerBase + shape.pairs[c][b] * shape.pairBytes;
          if (answer > budget.maxBytes()) {
            why = "round 2's answer for partition " + p + " could take " + answer + " bytes";
            break;
          }
        }
      }
      if (why.isEmpty()) {
        return c;
      }
    }
    throw doesNotFit(candidates, why);
  }

  /**
   * The first candidate (its index), from the calls' {@code from} on, for which no bucket's
   * merge holds more than {@link #withMaxMergePairs} pairs; with {@link #withSongBuckets},
   * that number only. The answers are split by these buckets on the client.
   */
  private int mergeBuckets(PartitionShape[] shapes, int[] candidates, int from) {
    String why = "";
    for (int c = songBuckets > 0 ? candidates.length - 1 : from; c < candidates.length; c++) {
      int buckets = candidates[c];
      why = "";
      long[] merged = new long[buckets];
      for (PartitionShape shape : shapes) {
        for (int b = 0; b < buckets; b++) {
          merged[b] += shape.pairs[c][b];
        }
      }
      for (int b = 0; b < buckets && why.isEmpty(); b++) {
        if (merged[b] > maxMergePairs) {
          why = "song bucket " + b + "'s merge could hold " + merged[b] + " pairs, more than "
              + maxMergePairs;
        }
      }
      if (why.isEmpty()) {
        return c;
      }
    }
    throw doesNotFit(candidates, why);
  }

  private ShardBudgetException doesNotFit(int[] candidates, String why) {
    int most = candidates[candidates.length - 1];
    return new ShardBudgetException("the co-listening of the listening partitions does not "
        + "fit in " + most + (most == 1 ? " song bucket: " : " song buckets: ") + why
        + " (the budget is " + budget + ")");
  }

  /** Round 3 over one partition: its users in groups that fit the budget. */
  private void score(ListeningPartition partition, PartitionShape shape, NeighbourTable table,
      long[] keyBytes, List<RankedSong> recent, ListenWeighting weighting, long userAnswer,
      InFlightCalls calls, StageTimes times, List<UserRecommendations> answered) {
    int users = partition.getUserIdsCount();
    int songs = partition.getSongKeysCount();
    List<RankedSong> head = recent.subList(0, (int) Math.min(recent.size(),
        2L * topN + shape.maxHistory));
    ListeningScoreRequest base = ListeningScoreRequest.newBuilder()
        .setListening(ListeningPartition.newBuilder().setPartition(partition.getPartition())
            .setPartitions(partition.getPartitions()))
        .addAllRecentRanking(head).setTopN(topN).setWeighting(weighting).build();
    long requestBase = payloads.bytes(base) + LearnedPayloads.SLACK_BYTES;
    long answerBase = payloads.scoringEnvelope();
    long listenBytes = payloads.listenBytes(users, songs, shape.maxPlays);
    long neighbourBytes = payloads.neighbourBytes(table.songCount());
    int[] tableSong = new int[songs];
    long[] songKeyBytes = new long[songs];
    for (int s = 0; s < songs; s++) {
      tableSong[s] = table.indexOf(partition.getSongKeys(s));
      songKeyBytes[s] = payloads.keyBytes(partition.getSongKeys(s));
    }
    Costs costs = new Costs(tableSong, songKeyBytes, keyBytes, listenBytes, neighbourBytes);
    int[] songMark = new int[songs];
    int[] namedMark = new int[table.songCount()];
    int[] userMark = new int[table.songCount()];
    int group = 1;
    int serial = 0;
    long requestBytes = requestBase;
    long answerBytes = answerBase;
    List<Integer> members = new ArrayList<>();
    for (int user = 0; user < users; user++) {
      long cost = userCost(partition, shape, user, costs, songMark, namedMark, userMark,
          group, ++serial, table);
      long answer = userAnswer + payloads.keyBytes(partition.getUserIds(user));
      if (!members.isEmpty() && (requestBytes + cost > budget.maxBytes()
          || answerBytes + answer > budget.maxBytes())) {
        send(partition, shape, members, table, tableSong, base, calls, times, answered);
        members = new ArrayList<>();
        group++;
        requestBytes = requestBase;
        answerBytes = answerBase;
        cost = userCost(partition, shape, user, costs, songMark, namedMark, userMark, group,
            ++serial, table);
      }
      if (requestBase + cost > budget.maxBytes() || answerBase + answer > budget.maxBytes()) {
        throw new ShardBudgetException("user '" + partition.getUserIds(user) + "' of listening "
            + "partition " + partition.getPartition() + " needs " + Math.max(requestBase + cost,
            answerBase + answer) + " bytes of " + budget.format().name() + " in a "
            + SCORING + " request, more than the budget of " + budget.maxBytes());
      }
      // The user joins: their songs and neighbours count as shipped for the next users.
      for (int at = shape.userStart[user]; at < shape.userStart[user + 1]; at++) {
        int song = partition.getListenSongIndex(shape.entries[at]);
        songMark[song] = group;
        int row = tableSong[song];
        if (row >= 0) {
          namedMark[row] = group;
          for (int e = table.start(row); e < table.end(row); e++) {
            namedMark[table.neighbour(e)] = group;
          }
        }
      }
      members.add(user);
      requestBytes += cost;
      answerBytes += answer;
    }
    if (!members.isEmpty()) {
      send(partition, shape, members, table, tableSong, base, calls, times, answered);
    }
  }

  /**
   * What one partition's users cost, looked up once rather than per user: each partition
   * song's row in the table and key size, each table song's key size, and the size of a
   * play entry and of a neighbour entry.
   */
  private record Costs(int[] tableSong, long[] songKeyBytes, long[] keyBytes,
      long listenBytes, long neighbourBytes) {}

  /** What a user adds to the request of group {@code group}, given what it holds. */
  private long userCost(ListeningPartition partition, PartitionShape shape, int user,
      Costs costs, int[] songMark, int[] namedMark, int[] userMark, int group, int serial,
      NeighbourTable table) {
    long cost = payloads.keyBytes(partition.getUserIds(user));
    for (int at = shape.userStart[user]; at < shape.userStart[user + 1]; at++) {
      cost += costs.listenBytes;
      int song = partition.getListenSongIndex(shape.entries[at]);
      if (songMark[song] == group) {
        continue;
      }
      cost += costs.songKeyBytes[song];
      int row = costs.tableSong[song];
      if (row < 0) {
        continue;
      }
      cost += (long) (table.end(row) - table.start(row)) * costs.neighbourBytes;
      cost += named(row, namedMark, userMark, group, serial, costs.keyBytes);
      for (int e = table.start(row); e < table.end(row); e++) {
        cost += named(table.neighbour(e), namedMark, userMark, group, serial, costs.keyBytes);
      }
    }
    return cost;
  }

  private static long named(int song, int[] namedMark, int[] userMark, int group, int serial,
      long[] keyBytes) {
    if (namedMark[song] == group || userMark[song] == serial) {
      return 0;
    }
    userMark[song] = serial;
    return keyBytes[song];
  }

  /** Sends one group's round 3 request. */
  private void send(ListeningPartition partition, PartitionShape shape, List<Integer> members,
      NeighbourTable table, int[] tableSong, ListeningScoreRequest base, InFlightCalls calls,
      StageTimes times, List<UserRecommendations> answered) {
    int songs = partition.getSongKeysCount();
    int[] position = new int[songs];
    Arrays.fill(position, -1);
    boolean[] used = new boolean[songs];
    for (int user : members) {
      for (int at = shape.userStart[user]; at < shape.userStart[user + 1]; at++) {
        used[partition.getListenSongIndex(shape.entries[at])] = true;
      }
    }
    ListeningPartition.Builder listening = base.getListening().toBuilder();
    int[] rows = new int[songs];
    int rowCount = 0;
    for (int s = 0; s < songs; s++) {
      if (used[s]) {
        position[s] = listening.getSongKeysCount();
        listening.addSongKeys(partition.getSongKeys(s));
        int row = tableSong[s];
        if (row >= 0) {
          rows[rowCount++] = row;
        }
      }
    }
    for (int m = 0; m < members.size(); m++) {
      int user = members.get(m);
      listening.addUserIds(partition.getUserIds(user));
      for (int at = shape.userStart[user]; at < shape.userStart[user + 1]; at++) {
        int entry = shape.entries[at];
        listening.addListenUserIndex(m)
            .addListenSongIndex(position[partition.getListenSongIndex(entry)])
            .addListenPlays(partition.getListenPlays(entry));
      }
    }
    ListeningScoreRequest request = base.toBuilder().setListening(listening)
        .setNeighbours(table.cut(rows, rowCount)).build();
    int first = members.get(0) + 1;
    int last = members.get(members.size() - 1) + 1;
    String where = SCORING + ", partition " + partition.getPartition() + " (of "
        + partition.getPartitions() + "), users " + first + "-" + last + " (of "
        + partition.getUserIdsCount() + ")";
    calls.submit(() -> {
      LearnedRecommendations answer = times.call(Stage.RECOMMENDATION, where,
          () -> stages.recommendFromListening(request));
      if (answer.getUsersCount() != members.size()) {
        throw new StageFailedException(Stage.RECOMMENDATION, where, "answered for "
            + answer.getUsersCount() + " users, asked for " + members.size(), null);
      }
      synchronized (answered) {
        answered.addAll(answer.getUsersList());
      }
    });
  }

  /**
   * What round 2 and 3 need to know of a partition before calling: its users' entries
   * grouped by user, and bounds of its round 2 answers for each candidate number of buckets.
   */
  private static final class PartitionShape {
    /** Per user, where their entries start in {@link #entries}; one extra at the end. */
    int[] userStart;
    /** The partition's entries, by user. */
    int[] entries;
    long maxPlays;
    int maxHistory;
    long requestBytes;
    /** Round 2's answer without pairs. */
    long answerBase;
    long pairBytes;
    /** Per candidate, per bucket: the pairs that touch the bucket, at most. */
    long[][] pairs;

    static PartitionShape of(ListeningPartition partition, ListenWeighting weighting,
        int[] candidates, LearnedPayloads payloads) {
      PartitionShape shape = new PartitionShape();
      int users = partition.getUserIdsCount();
      int songs = partition.getSongKeysCount();
      int entries = partition.getListenUserIndexCount();
      if (partition.getListenSongIndexCount() != entries
          || partition.getListenPlaysCount() != entries) {
        throw new IllegalArgumentException("listening partition " + partition.getPartition()
            + " has " + entries + " listen_user_index, " + partition.getListenSongIndexCount()
            + " listen_song_index and " + partition.getListenPlaysCount()
            + " listen_plays: they must be as many");
      }
      shape.userStart = new int[users + 1];
      for (int e = 0; e < entries; e++) {
        int user = partition.getListenUserIndex(e);
        int song = partition.getListenSongIndex(e);
        if (user < 0 || user >= users || song < 0 || song >= songs) {
          throw new IllegalArgumentException("listening partition " + partition.getPartition()
              + ": entry " + e + " names user " + Integer.toUnsignedString(user) + " of "
              + users + " and song " + Integer.toUnsignedString(song) + " of " + songs);
        }
        shape.userStart[user + 1]++;
        shape.maxPlays = Math.max(shape.maxPlays, partition.getListenPlays(e));
      }
      for (int u = 0; u < users; u++) {
        shape.maxHistory = Math.max(shape.maxHistory, shape.userStart[u + 1]);
        shape.userStart[u + 1] += shape.userStart[u];
      }
      shape.entries = new int[entries];
      int[] fill = Arrays.copyOf(shape.userStart, users);
      for (int e = 0; e < entries; e++) {
        shape.entries[fill[partition.getListenUserIndex(e)]++] = e;
      }
      shape.requestBytes = payloads.bytes(CoListeningRequest.newBuilder()
          .setListening(partition).setSongBucket(-1).setSongBuckets(-1).setHistoryCap(-1)
          .setWeighting(ListenWeighting.LISTEN_WEIGHTING_BINARY).build());

      long weight = ListenWeights.weight(weighting, Math.max(1, shape.maxPlays));
      long maxSum = Math.multiplyHigh(weight * weight, users) != 0 ? Long.MAX_VALUE
          : weight * weight * Math.max(1, users);
      shape.pairBytes = payloads.pairBytes(songs, maxSum);
      long songSums = payloads.songSumsBytes(maxSum, users);
      shape.answerBase = payloads.coListeningEnvelope(users);
      for (String key : partition.getSongKeysList()) {
        shape.answerBase += payloads.keyBytes(key) + songSums;
      }

      int cap = CountCoListening.DEFAULT_HISTORY_CAP;
      // Each user's kept songs, as round 2 keeps them (its documented rule: the cap's most
      // played, ties to the lower key), so that the bounds count the pairs it will make.
      int[] kept = new int[entries];
      int[] keptStart = new int[users + 1];
      long[] plays = new long[songs];
      for (int u = 0; u < users; u++) {
        int from = shape.userStart[u];
        int length = shape.userStart[u + 1] - from;
        Integer[] order = new Integer[length];
        for (int i = 0; i < length; i++) {
          order[i] = partition.getListenSongIndex(shape.entries[from + i]);
        }
        if (length > cap) {
          for (int i = 0; i < length; i++) {
            plays[order[i]] = partition.getListenPlays(shape.entries[from + i]);
          }
          Arrays.sort(order, Comparator.<Integer>comparingLong(song -> -plays[song])
              .thenComparing(partition::getSongKeys));
        }
        int count = Math.min(length, cap);
        for (int i = 0; i < count; i++) {
          kept[keptStart[u] + i] = order[i];
        }
        keptStart[u + 1] = keptStart[u] + count;
      }
      shape.pairs = new long[candidates.length][];
      for (int c = 0; c < candidates.length; c++) {
        int buckets = candidates[c];
        long[] pairs = new long[buckets];
        int[] songBucket = new int[songs];
        for (int s = 0; s < songs; s++) {
          songBucket[s] = CountCoListening.songBucket(partition.getSongKeys(s), buckets);
        }
        int[] inBucket = new int[buckets];
        int[] touched = new int[Math.max(1, Math.min(buckets, cap))];
        for (int u = 0; u < users; u++) {
          long count = keptStart[u + 1] - keptStart[u];
          long all = count * (count - 1) / 2;
          int touchedCount = 0;
          for (int at = keptStart[u]; at < keptStart[u + 1]; at++) {
            int b = songBucket[kept[at]];
            if (inBucket[b]++ == 0) {
              touched[touchedCount++] = b;
            }
          }
          for (int t = 0; t < touchedCount; t++) {
            int b = touched[t];
            // The user's pairs less those with neither song in the bucket.
            long outside = count - inBucket[b];
            pairs[b] += all - outside * (outside - 1) / 2;
            inBucket[b] = 0;
          }
        }
        shape.pairs[c] = pairs;
      }
      return shape;
    }
  }
}
