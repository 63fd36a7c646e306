package org.musicanalytics.client.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.pipeline.EncodedShard;
import org.musicanalytics.client.pipeline.RandomRecords;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.pipeline.ShardBudgetException;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

class EncodingShardCutterTest {

  private static List<EncodedShard> cut(ShardBudget budget, List<StreamRecord> records) {
    List<EncodedShard> shards = new ArrayList<>();
    EncodingShardCutter cutter = new EncodingShardCutter(budget, shards::add);
    for (StreamRecord r : records) {
      cutter.accept(r.getUserId(), r.getSongId(), r.getArtist(), r.getDuration(),
          r.getTimestamp(), r.getGenre());
    }
    cutter.finish();
    assertThat(cutter.shardsCut()).isEqualTo(shards.size());
    return shards;
  }

  @Test
  void shouldWriteTheGeneratedCodesBytesInOrderWithinTheBudget() {
    Random random = new Random(9);
    List<StreamRecord> records = new ArrayList<>(RandomRecords.plays(random, 400, 30, 30));
    records.addAll(RandomRecords.allDistinct(random, 100));
    // Defaults proto3 leaves out: empty strings and a zero duration.
    records.add(RandomRecords.play("U", "", "", 0, "", ""));
    for (long bytes : new long[] {1024, 4096, 1 << 20}) {
      ShardBudget budget = ShardBudget.protobuf(bytes);

      List<EncodedShard> shards = cut(budget, records);

      List<StreamRecord> decoded = new ArrayList<>();
      long first = 1;
      for (int i = 0; i < shards.size(); i++) {
        EncodedShard shard = shards.get(i);
        byte[] wire = Arrays.copyOf(shard.bytes(), shard.length());
        StreamList plays = parse(wire);
        assertThat(plays.toByteArray()).as("shard %d of %d bytes", i + 1, bytes)
            .isEqualTo(wire);
        assertThat((long) shard.length()).isLessThanOrEqualTo(bytes);
        assertThat(shard.index()).isEqualTo(i + 1);
        assertThat(shard.firstRecord()).isEqualTo(first);
        assertThat(shard.records()).isEqualTo(plays.getRecordsCount()).isPositive();
        first += shard.records();
        decoded.addAll(plays.getRecordsList());
      }
      assertThat(decoded).isEqualTo(records);
      if (bytes == 1024) {
        assertThat(shards).hasSizeGreaterThan(10);
      }
    }
  }

  @Test
  void shouldHandOnOneEmptyShardForNoRecords() {
    List<EncodedShard> shards = cut(ShardBudget.protobuf(1024), List.of());

    assertThat(shards).hasSize(1);
    assertThat(shards.get(0).length()).isZero();
    assertThat(shards.get(0).describe()).isEqualTo("shard 1 (no records)");
  }

  @Test
  void shouldRefuseARecordTooLargeForTheBudgetNamingIt() {
    String big = "x".repeat(2000);
    List<StreamRecord> records = List.of(RandomRecords.play("U1", "S1", "A", 1, "t", "g"),
        RandomRecords.play("U2", "S2", big, 1, "t", "g"));

    assertThatThrownBy(() -> cut(ShardBudget.protobuf(1024), records))
        .isInstanceOf(ShardBudgetException.class)
        .hasMessageStartingWith("record 2 (user 'U2', song 'S2') needs ")
        .hasMessageEndingWith(" bytes of protobuf alone, more than the shard budget of 1024");
  }

  private static StreamList parse(byte[] wire) {
    try {
      return StreamList.parseFrom(wire);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
