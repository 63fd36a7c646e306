package org.musicanalytics.client.pipeline;

/**
 * One shard already on the wire: a {@code StreamList} in binary protobuf, exactly as the
 * generated code would write it, encoded once from the input's fields.
 *
 * @param index the shard's number, from 1
 * @param firstRecord the number of its first record in the stream, from 1
 * @param records how many records it holds
 * @param bytes the encoded {@code StreamList} in {@code bytes[0..length)}
 * @param length how many bytes of {@code bytes} it takes
 */
public record EncodedShard(int index, long firstRecord, int records, byte[] bytes, int length) {

  /** The shard for people: {@code shard 3 (records 201-300)}. */
  public String describe() {
    return ShardCutter.describe(index, firstRecord, records);
  }
}
