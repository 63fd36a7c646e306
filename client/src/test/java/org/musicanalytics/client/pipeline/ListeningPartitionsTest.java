package org.musicanalytics.client.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.inprocess.InProcessStages;
import org.musicanalytics.client.pipeline.internal.ProtoJsonFormat;
import org.musicanalytics.counting.StreamRecords;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.mapreduce.AnalyzeShard;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * Round 1's shuffle on the in-process target: the listening spilled as answers arrive and
 * read back in partitions of whole users, the same whatever the shards' size and order and
 * the concurrency, each within its bound, and its files gone once closed or failed.
 */
public class ListeningPartitionsTest {

  /** The partitions' bound in these tests: small, so that there are several. */
  public static final long BOUND = 6_000;

  /** Seeded plays of 120 users and 80 songs with awkward names. */
  public static List<StreamRecord> plays(long seed) {
    return RandomRecords.plays(new Random(seed), 3000, 120, 80);
  }

  /** Plays per user and song key, counted here from the records. */
  public static Map<String, Map<String, Long>> byHand(List<StreamRecord> plays) {
    Map<String, Map<String, Long>> listening = new TreeMap<>();
    for (StreamRecord play : plays) {
      listening.computeIfAbsent(play.getUserId(), user -> new TreeMap<>())
          .merge(StreamRecords.songKey(play.getArtist(), play.getSongId()), 1L, Long::sum);
    }
    return listening;
  }

  /**
   * Every partition read back, checked: numbered, within the bound, each user in one only,
   * users and songs sorted and listed once.
   */
  public static List<ListeningPartition> readAll(ListeningPartitions partitions, long bound) {
    List<ListeningPartition> all = new ArrayList<>();
    Set<String> users = new HashSet<>();
    for (int i = 0; i < partitions.count(); i++) {
      ListeningPartition partition = partitions.partition(i);
      assertThat(partition.getPartition()).isEqualTo(i);
      assertThat(partition.getPartitions()).isEqualTo(partitions.count());
      assertThat((long) partition.getSerializedSize()).as("partition %d", i)
          .isLessThanOrEqualTo(bound);
      assertThat(partition.getUserIdsList()).isSorted().doesNotHaveDuplicates();
      assertThat(partition.getSongKeysList()).isSorted().doesNotHaveDuplicates();
      for (String user : partition.getUserIdsList()) {
        assertThat(users.add(user)).as("user %s in two partitions", user).isTrue();
      }
      assertThat(partitions.partition(i)).as("read again").isEqualTo(partition);
      all.add(partition);
    }
    return all;
  }

  /** The plays of partitions by user and song key. */
  public static Map<String, Map<String, Long>> listening(List<ListeningPartition> partitions) {
    Map<String, Map<String, Long>> listening = new TreeMap<>();
    for (ListeningPartition partition : partitions) {
      for (int i = 0; i < partition.getListenPlaysCount(); i++) {
        Long before = listening.computeIfAbsent(
            partition.getUserIds(partition.getListenUserIndex(i)), user -> new TreeMap<>())
            .put(partition.getSongKeys(partition.getListenSongIndex(i)),
                partition.getListenPlays(i));
        assertThat(before).as("a pair listed twice").isNull();
      }
    }
    return listening;
  }

  /** The listening spills' directories in the temporary directory now. */
  public static Set<Path> spillDirectories() throws IOException {
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> files = Files.list(temp)) {
      return files.filter(file -> file.getFileName().toString()
          .startsWith("music-analytics-listening-")).collect(Collectors.toSet());
    }
  }

  private static PipelineResult run(FusedStages fused, List<StreamRecord> plays,
      long shardBytes, int concurrency) {
    AnalyticsPipeline pipeline = new AnalyticsPipeline(new InProcessStages(),
        ShardBudget.protobuf(shardBytes)).withFusedStages(fused)
        .withConcurrency(concurrency).withListening(BOUND);
    return pipeline.run(StreamList.newBuilder().addAllRecords(plays).build());
  }

  @Test
  void shouldGiveTheSamePartitionsWhateverTheShardsOrderAndConcurrency() throws Exception {
    List<StreamRecord> plays = plays(11);
    Set<Path> before = spillDirectories();
    List<ListeningPartition> first = null;
    List<StreamRecord> shuffled = new ArrayList<>(plays);
    Collections.shuffle(shuffled, new Random(5));
    for (Object[] variant : new Object[][] {{plays, 1 << 20, 1}, {plays, 9_000, 1},
        {shuffled, 4_000, 4}, {shuffled, 20_000, 3}}) {
      @SuppressWarnings("unchecked")
      List<StreamRecord> input = (List<StreamRecord>) variant[0];
      PipelineResult result = run(new InProcessStages(), input, (int) variant[1],
          (int) variant[2]);
      try (ListeningPartitions partitions = result.listening().orElseThrow()) {
        List<ListeningPartition> all = readAll(partitions, BOUND);
        assertThat(all.size()).as("several partitions under the bound").isGreaterThan(1);
        assertThat(listening(all)).isEqualTo(byHand(plays));
        if (first == null) {
          first = all;
          assertThat(result.recordShards()).isOne();
        } else {
          assertThat(result.recordShards()).isGreaterThan(1);
          assertThat(all).as(Arrays.toString(variant)).isEqualTo(first);
        }
      }
    }
    assertThat(spillDirectories()).isEqualTo(before);
  }

  @Test
  void shouldGiveTheSameMessageOnEveryReadWhateverTheReadsOrder() throws Exception {
    List<StreamRecord> plays = plays(17);
    List<ListeningPartition> inOrder;
    try (ListeningPartitions partitions = run(new InProcessStages(), plays, 9_000, 2)
        .listening().orElseThrow()) {
      inOrder = readAll(partitions, BOUND);
    }
    assertThat(inOrder.size()).as("several partitions under the bound").isGreaterThan(2);
    assertThat(listening(inOrder)).isEqualTo(byHand(plays));

    try (ListeningPartitions partitions = run(new InProcessStages(), plays, 9_000, 2)
        .listening().orElseThrow()) {
      int count = partitions.count();
      assertThat(count).isEqualTo(inOrder.size());
      // Last first, then all again, then from several threads at once: each read is the
      // partition that a run reading them once, in order, was given.
      for (int i = count - 1; i >= 0; i--) {
        assertThat(partitions.partition(i)).as("partition %d read first", i)
            .isEqualTo(inOrder.get(i));
      }
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < count; i++) {
          assertThat(partitions.partition(i)).as("partition %d read again", i)
              .isEqualTo(inOrder.get(i));
        }
      }
      ExecutorService readers = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<ListeningPartition>>> reads = new ArrayList<>();
        for (int reader = 0; reader < 4; reader++) {
          reads.add(readers.submit(() -> {
            List<ListeningPartition> read = new ArrayList<>();
            for (int i = 0; i < count; i++) {
              read.add(partitions.partition(i));
            }
            return read;
          }));
        }
        for (Future<List<ListeningPartition>> read : reads) {
          assertThat(read.get()).isEqualTo(inOrder);
        }
      } finally {
        readers.shutdownNow();
      }
    }
  }

  @Test
  void shouldGiveNoListeningWhenNotAsked() {
    PipelineResult result = new AnalyticsPipeline(new InProcessStages(),
        ShardBudget.protobuf(9_000)).withFusedStages(new InProcessStages())
        .run(StreamList.newBuilder().addAllRecords(plays(3)).build());

    assertThat(result.listening()).isEmpty();
  }

  @Test
  void shouldRankTheLastDaysPlaysByHand() {
    List<StreamRecord> plays = List.of(
        play("u1", "s1", "A", "2025-11-01T10:00:00"),
        play("u1", "s2", "B", "2025-11-07T10:00:00"),
        play("u2", "s2", "B", "2025-11-08T10:00:00"),
        play("u2", "s3", "C", "2025-11-08T11:00:00"),
        play("u3", "s3", "C", "2025-11-06T23:00:00"),
        play("u3", "s1", "A", "no date"));

    try (ListeningPartitions partitions = run(new InProcessStages(), plays, 1 << 20, 1)
        .listening().orElseThrow()) {
      assertThat(partitions.recentRanking(2)).containsExactly(
          ranked("B - s2", "B", 2), ranked("C - s3", "C", 1));
      assertThat(partitions.recentRanking(7)).containsExactly(
          ranked("B - s2", "B", 2), ranked("C - s3", "C", 2));
      assertThat(partitions.recentRanking(8)).containsExactly(
          ranked("B - s2", "B", 2), ranked("C - s3", "C", 2), ranked("A - s1", "A", 1));
      assertThat(partitions.count()).isOne();
      assertThat(listening(List.of(partitions.partition(0)))).isEqualTo(byHand(plays));
    }
  }

  @Test
  void shouldDeleteTheSpillWhenTheRunFails() throws Exception {
    Set<Path> before = spillDirectories();
    FusedStages failsOnShard3 = new InProcessStages() {
      @Override
      public byte[] analyzeShard(EncodedShard shard) {
        if (shard.index() == 3) {
          throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
              WHERE, "boom", null);
        }
        return super.analyzeShard(shard);
      }
    };

    assertThatThrownBy(() -> run(failsOnShard3, plays(2), 4_000, 2))
        .isInstanceOf(StageFailedException.class).hasMessageContaining("boom");
    assertThat(spillDirectories()).isEqualTo(before);
  }

  @Test
  void shouldFailNamingTheHostThatIgnoresTheRequestForListening() throws Exception {
    Set<Path> before = spillDirectories();
    // A host of an older build: it counts the records and ignores with_listening.
    FusedStages oldHost = new InProcessStages() {
      @Override
      public byte[] analyzeShard(EncodedShard shard) {
        try {
          StreamList plays = StreamList.parseFrom(Arrays.copyOf(shard.bytes(),
              shard.length()));
          assertThat(plays.getWithListening()).isTrue();
          return new AnalyzeShard().applyWire(plays.toBuilder().clearWithListening().build()
              .toByteArray());
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
    };

    assertThatThrownBy(() -> run(oldHost, plays(2), 4_000, 1))
        .isInstanceOf(StageFailedException.class)
        .hasMessageContaining(StageFailedException.SHARD_ANALYSIS)
        .hasMessageContaining("(" + InProcessStages.WHERE + ", shard 1")
        .hasMessageContaining("no listening")
        .hasMessageContaining("--recommender top-artist-filter");
    assertThat(spillDirectories()).isEqualTo(before);
  }

  @Test
  void shouldRefuseListeningOnTheThreeServices() {
    AnalyticsPipeline plain = new AnalyticsPipeline(new InProcessStages(),
        ShardBudget.protobuf(9_000)).withListening(BOUND);

    assertThatThrownBy(() -> plain.run(StreamList.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never count listening");
  }

  @Test
  void shouldCarryTheListeningThroughProto3Json() {
    // Lambda's path: StreamList shards and ShardCounts answers as proto3 JSON.
    FusedRecordStages overJson = plays -> {
      StreamList request = parseJson(plays, StreamList.newBuilder());
      assertThat(request.getWithListening()).isTrue();
      ShardCounts answer = new AnalyzeShard().apply(request);
      assertThat(answer.getListenPlaysCount()).isPositive();
      return parseJson(answer, ShardCounts.newBuilder());
    };
    List<StreamRecord> plays = plays(4);
    PipelineResult result = new AnalyticsPipeline(new InProcessStages(),
        ShardBudget.protoJson(12_000)).withFusedRecordStages(overJson).withConcurrency(2)
        .withListening(BOUND).run(StreamList.newBuilder().addAllRecords(plays).build());

    assertThat(result.recordShards()).isGreaterThan(1);
    try (ListeningPartitions partitions = result.listening().orElseThrow()) {
      assertThat(listening(readAll(partitions, BOUND))).isEqualTo(byHand(plays));
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Message> T parseJson(Message message, Message.Builder builder) {
    try {
      ProtoJsonFormat.PARSER.merge(ProtoJsonFormat.print(message), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
    return (T) builder.build();
  }

  private static StreamRecord play(String user, String song, String artist,
      String timestamp) {
    return StreamRecord.newBuilder().setUserId(user).setSongId(song).setArtist(artist)
        .setDuration(100).setTimestamp(timestamp).setGenre("Pop").build();
  }

  private static RankedSong ranked(String key, String artist, long plays) {
    return RankedSong.newBuilder().setKey(key).setArtist(artist).setPlays(plays).build();
  }
}
