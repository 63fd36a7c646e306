package org.musicanalytics.client.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.pipeline.EncodedShard;
import org.musicanalytics.client.pipeline.RandomRecords;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.pipeline.ShardBudgetException;
import org.musicanalytics.csv.StreamCsvReader;
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

  @Test
  void shouldWriteAnyInt32DurationAndUnpairedSurrogatesAsTheGeneratedCodeDoes() {
    // Records built in code, not read from a file, may hold what a file cannot.
    List<StreamRecord> records = List.of(
        RandomRecords.play("U1", "S1", "A", -5, "t", "g"),
        RandomRecords.play("U2", "S2", "Half \uD83C pair", Integer.MIN_VALUE, "t", "\uDC00"),
        RandomRecords.play("U3", "S3", "B", Integer.MAX_VALUE, "t", "g"));

    List<EncodedShard> shards = cut(ShardBudget.protobuf(1 << 20), records);

    EncodedShard shard = shards.get(0);
    assertThat(Arrays.copyOf(shard.bytes(), shard.length()))
        .isEqualTo(StreamList.newBuilder().addAllRecords(records).build().toByteArray());
  }

  /**
   * The reader's two ways out, bytes straight into the shard and strings through the
   * records' encoding, give the same shards, equal to the generated code's for the rows
   * written, wherever the reader's chunks end.
   */
  @Test
  void shouldEncodeRowsReadAsBytesAsTheGeneratedCodeDoesTheRecordsWritten(@TempDir Path dir)
      throws Exception {
    Random random = new Random(21);
    List<StreamRecord> records = new ArrayList<>(RandomRecords.plays(random, 1500, 40, 60));
    records.addAll(RandomRecords.allDistinct(random, 150));
    records.add(RandomRecords.play("U", "", "Multi\r\nline \"quoted\"", 0, "", ""));
    Path file = dir.resolve("plays.csv");
    Files.writeString(file, csv(records, random));
    ShardBudget budget = ShardBudget.protobuf(8192);

    for (int chunk : new int[] {7, 1000, 1 << 20}) {
      StreamCsvReader reader = StreamCsvReader.strict().withChunkBytes(chunk);
      List<EncodedShard> fromBytes = new ArrayList<>();
      EncodingShardCutter bytes = new EncodingShardCutter(budget, fromBytes::add);
      try (StreamCsvReader.OpenedInput input = reader.open(file)) {
        assertThat(input.readUtf8Rows(bytes).recordsRead()).isEqualTo(records.size());
      }
      bytes.finish();
      List<EncodedShard> fromStrings = new ArrayList<>();
      EncodingShardCutter strings = new EncodingShardCutter(budget, fromStrings::add);
      try (StreamCsvReader.OpenedInput input = reader.open(file)) {
        input.readRows(strings);
      }
      strings.finish();

      assertThat(fromBytes).hasSameSizeAs(fromStrings).hasSizeGreaterThan(10);
      int next = 0;
      for (int i = 0; i < fromBytes.size(); i++) {
        byte[] wire = Arrays.copyOf(fromBytes.get(i).bytes(), fromBytes.get(i).length());
        assertThat(wire).as("shard %d, chunks of %d", i + 1, chunk).isEqualTo(
            Arrays.copyOf(fromStrings.get(i).bytes(), fromStrings.get(i).length()));
        int count = fromBytes.get(i).records();
        byte[] generated = StreamList.newBuilder()
            .addAllRecords(records.subList(next, next + count)).build().toByteArray();
        assertThat(wire).as("shard %d, chunks of %d", i + 1, chunk).isEqualTo(generated);
        next += count;
      }
      assertThat(next).isEqualTo(records.size());
    }
  }

  /** The records as a CSV file: fields quoted when they must be and at random otherwise. */
  private static String csv(List<StreamRecord> records, Random random) {
    StringBuilder csv = new StringBuilder("user_id,song_id,artist,duration,timestamp,genre\n");
    for (StreamRecord r : records) {
      List<String> fields = List.of(r.getUserId(), r.getSongId(), r.getArtist(),
          String.valueOf(r.getDuration()), r.getTimestamp(), r.getGenre());
      for (int i = 0; i < fields.size(); i++) {
        String field = fields.get(i);
        if (i > 0) {
          csv.append(',');
        }
        if (field.matches("(?s).*[,\"\r\n].*") || random.nextInt(5) == 0) {
          csv.append('"').append(field.replace("\"", "\"\"")).append('"');
        } else {
          csv.append(field);
        }
      }
      csv.append(random.nextBoolean() ? "\n" : "\r\n");
    }
    return csv.toString();
  }

  private static StreamList parse(byte[] wire) {
    try {
      return StreamList.parseFrom(wire);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
