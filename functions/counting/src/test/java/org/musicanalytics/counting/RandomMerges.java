package org.musicanalytics.counting;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;

/**
 * Test fixture: shards' counts merged in a random order, each as the fused call's
 * {@code ShardCounts} (a message, bytes or a stream) or as the plain stages' answers.
 */
public final class RandomMerges {

  private RandomMerges() {}

  /** What {@code analyzeShard} answers for {@code shard}, with a random processing time. */
  public static ShardCounts shardCounts(StreamList shard, Random random) {
    return ShardCounter.ofAll().addAll(shard).shardCounts()
        .setProcessingTime(random.nextDouble()).build();
  }

  /**
   * {@code parts} merged in a random order: a quarter of them given to {@code plain} (and
   * listed in {@code asPlain}), the others as their {@code fused} counts (and listed in
   * {@code asFused}), as a message, bytes or a stream.
   */
  public static <P> MergedCounts merge(Random random, List<P> parts,
      Function<P, ShardCounts> fused, BiConsumer<MergedCounts, P> plain, List<P> asPlain,
      List<P> asFused) {
    List<P> order = new ArrayList<>(parts);
    Collections.shuffle(order, random);
    MergedCounts merged = new MergedCounts();
    try {
      for (P part : order) {
        int how = random.nextInt(4);
        (how == 0 ? asPlain : asFused).add(part);
        switch (how) {
          case 0 -> plain.accept(merged, part);
          case 1 -> merged.add(fused.apply(part));
          case 2 -> merged.addEncoded(fused.apply(part).toByteArray());
          default -> merged.addEncoded(new ByteArrayInputStream(fused.apply(part).toByteArray()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return merged;
  }
}
