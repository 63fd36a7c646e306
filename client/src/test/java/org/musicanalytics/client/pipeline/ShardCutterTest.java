package org.musicanalytics.client.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.musicanalytics.client.pipeline.ShardCutter.Shard;
import org.musicanalytics.proto.StreamRecord;

class ShardCutterTest {

  @ParameterizedTest
  @ValueSource(longs = {1024, 1500, 4096, 100_000})
  void shouldCutInOrderIntoShardsWithinTheBudget(long maxBytes) {
    for (ShardBudget budget : List.of(ShardBudget.protobuf(maxBytes),
        ShardBudget.protoJson(maxBytes))) {
      List<StreamRecord> records = RandomRecords.plays(new Random(3), 500, 20, 40);
      List<Shard> shards = new ArrayList<>();
      ShardCutter cutter = new ShardCutter(budget, shards::add);

      records.forEach(cutter);
      cutter.finish();

      List<StreamRecord> again = new ArrayList<>();
      long next = 1;
      for (int i = 0; i < shards.size(); i++) {
        Shard shard = shards.get(i);
        assertThat(shard.index()).isEqualTo(i + 1);
        assertThat(shard.firstRecord()).isEqualTo(next);
        assertThat(shard.plays().getRecordsCount()).isPositive();
        assertThat(budget.format().messageBytes(shard.plays()))
            .as("%s of %s", shard.describe(), budget).isLessThanOrEqualTo(maxBytes);
        next += shard.plays().getRecordsCount();
        again.addAll(shard.plays().getRecordsList());
      }
      assertThat(again).isEqualTo(records);
      assertThat(cutter.shardsCut()).isEqualTo(shards.size());
      if (maxBytes <= 4096) {
        assertThat(shards).as("%s", budget).hasSizeGreaterThan(5);
      } else {
        assertThat(shards).as("%s", budget).hasSizeLessThanOrEqualTo(2);
      }
    }
  }

  @Test
  void shouldGiveOneEmptyShardForNoRecords() {
    List<Shard> shards = new ArrayList<>();
    ShardCutter cutter = new ShardCutter(ShardBudget.protoJson(2048), shards::add);

    cutter.finish();

    assertThat(shards).singleElement().satisfies(shard -> {
      assertThat(shard.plays().getRecordsCount()).isZero();
      assertThat(shard.describe()).isEqualTo("shard 1 (no records)");
    });
  }

  @Test
  void shouldDescribeAShardByItsRecords() {
    List<Shard> shards = new ArrayList<>();
    ShardCutter cutter = new ShardCutter(ShardBudget.protobuf(1024), shards::add);
    RandomRecords.plays(new Random(5), 100, 5, 5).forEach(cutter);
    cutter.finish();

    Shard second = shards.get(1);
    assertThat(second.describe()).isEqualTo("shard 2 (records " + second.firstRecord() + "-"
        + (second.firstRecord() + second.plays().getRecordsCount() - 1) + ")");
  }

  @Test
  void shouldRefuseARecordLargerThanTheBudgetNamingIt() {
    ShardCutter cutter = new ShardCutter(ShardBudget.protoJson(1024), shard -> {});
    cutter.accept(RandomRecords.play("U1", "S1", "A", 1, "2025-11-05T10:53:00", "Pop"));

    StreamRecord huge = RandomRecords.play("U2", "S2", "x".repeat(2000), 1,
        "2025-11-05T10:53:00", "Pop");

    assertThatThrownBy(() -> cutter.accept(huge))
        .isInstanceOf(ShardBudgetException.class)
        .hasMessageStartingWith("record 2 (user 'U2', song 'S2') needs ")
        .hasMessageEndingWith(" bytes of proto3 JSON alone, more than the shard budget of 1024");
  }

  @Test
  void shouldRefuseABudgetTooSmallForAnything() {
    assertThatThrownBy(() -> ShardBudget.protobuf(100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the shard budget must be at least 1024 bytes, was 100");
  }
}
