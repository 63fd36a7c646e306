package org.musicanalytics.counting.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.musicanalytics.counting.WellFormedUtf8;

/**
 * A dictionary of strings of one kind (users, artists, ...): each distinct UTF-8 byte
 * sequence gets a dense {@code int} id, 0, 1, 2, ... in the order first seen.
 *
 * <p>A shard names the same strings many times over; counting by id instead of by
 * {@code String} saves the decoding, the garbage and the {@code HashMap} lookups. Bytes are
 * checked as the generated parser checks a proto3 {@code string} field, the first time
 * they are seen: not valid UTF-8 is an {@link InvalidProtocolBufferException}. Not
 * thread-safe.
 */
public final class Utf8Interner {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long K = 0x9E3779B97F4A7C15L;

  /** Every string's bytes, one after the other; id i is at starts[i] to starts[i + 1]. */
  private byte[] bytes = new byte[1024];
  private int[] starts = new int[65];
  private int[] hashes = new int[64];
  private String[] strings = new String[64];
  /**
   * Two longs per slot, open addressing, at most half full. First the slot's check (see
   * {@link #check}) in the high half and id + 1 in the low half, 0 for free; then, for a
   * string of at most 8 bytes, the bytes themselves. A lookup of a short string (user and
   * song ids mostly are) so touches one cache line, not the table, the starts and the bytes.
   */
  private long[] table = new long[256];
  private int size;
  /** Ids by {@code String}, for callers that have strings; made on first use. */
  private Map<String, Integer> byString;
  /** Ids of strings with unpaired surrogates, not in {@link #table}; made on first use. */
  private BitSet lossy;

  /**
   * The id of the {@code length} bytes of {@code buffer} at {@code offset}.
   *
   * @throws InvalidProtocolBufferException if they are new and not valid UTF-8
   */
  public int id(byte[] buffer, int offset, int length) throws InvalidProtocolBufferException {
    boolean inline = length <= 8;
    long word = inline ? word(buffer, offset, length) : 0;
    int hash = inline ? hashWord(word, length) : hash(buffer, offset, length);
    int check = check(hash, length);
    int mask = table.length - 2;
    int at = (hash << 1) & mask;
    long entry;
    while ((entry = table[at]) != 0) {
      if ((int) (entry >>> 32) == check) {
        int id = (int) entry - 1;
        if (inline ? table[at + 1] == word : starts[id + 1] - starts[id] == length
            && Arrays.equals(bytes, starts[id], starts[id + 1], buffer, offset, offset + length)) {
          return id;
        }
      }
      at = (at + 2) & mask;
    }
    requireUtf8(buffer, offset, length);
    int id = append(buffer, offset, length, hash);
    table[at] = (long) check << 32 | (id + 1L);
    table[at + 1] = word;
    if (size * 4 > table.length) {
      rehash(table.length * 2);
    }
    return id;
  }

  /** The id of {@code value}, as the id of its UTF-8 bytes. */
  public int id(String value) {
    if (byString == null) {
      byString = new HashMap<>();
    }
    Integer known = byString.get(value);
    if (known != null) {
      return known;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    int id;
    if (new String(utf8, StandardCharsets.UTF_8).equals(value)) {
      try {
        id = id(utf8, 0, utf8.length);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("a String encodes to valid UTF-8", e);
      }
    } else {
      // Unpaired surrogates: encoded they would become '?', so the bytes do not stand for
      // the string. It keeps an id of its own, as it is a key of its own in a Map.
      id = append(utf8, 0, utf8.length, 0);
      if (lossy == null) {
        lossy = new BitSet();
      }
      lossy.set(id);
    }
    if (strings[id] == null) {
      strings[id] = value;
    }
    byString.put(value, id);
    return id;
  }

  /** How many distinct strings have been seen; ids run from 0 to {@code size() - 1}. */
  public int size() {
    return size;
  }

  /** The string of {@code id}. */
  public String string(int id) {
    String value = strings[id];
    if (value == null) {
      value = new String(bytes, starts[id], starts[id + 1] - starts[id],
          StandardCharsets.UTF_8);
      strings[id] = value;
    }
    return value;
  }

  /** The size of {@code id}'s string as a field of a message, with its tag and length. */
  public int fieldSize(int field, int id) {
    int length = starts[id + 1] - starts[id];
    return CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
  }

  /** Writes {@code id}'s string as field {@code field}, from its bytes. */
  public void writeField(CodedOutputStream out, int field, int id) throws IOException {
    out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(starts[id + 1] - starts[id]);
    out.writeRawBytes(bytes, starts[id], starts[id + 1] - starts[id]);
  }

  /**
   * Fails as the generated parser does on a proto3 {@code string} field that is not
   * valid UTF-8.
   */
  public static void requireUtf8(byte[] buffer, int offset, int length)
      throws InvalidProtocolBufferException {
    if (WellFormedUtf8.firstInvalid(buffer, offset, offset + length) >= 0) {
      throw new InvalidProtocolBufferException("Protocol message had invalid UTF-8.");
    }
  }

  private int append(byte[] buffer, int offset, int length, int hash) {
    int id = size;
    if (id + 1 == starts.length) {
      int capacity = hashes.length * 2;
      starts = Arrays.copyOf(starts, capacity + 1);
      hashes = Arrays.copyOf(hashes, capacity);
      strings = Arrays.copyOf(strings, capacity);
    }
    int start = starts[id];
    if (bytes.length - start < length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, start + length));
    }
    System.arraycopy(buffer, offset, bytes, start, length);
    starts[id + 1] = start + length;
    hashes[id] = hash;
    size++;
    return id;
  }

  /**
   * What a slot holds of a string besides its id: the high 24 bits of its hash, and its
   * length if it is held in the slot (at most 8 bytes, zero-padded), else 255. So a short
   * string matches a slot by the check and its bytes alone, and "a" never matches "a\0".
   */
  private static int check(int hash, int length) {
    return hash & 0xFFFFFF00 | (length <= 8 ? length : 0xFF);
  }

  private void rehash(int capacity) {
    table = new long[capacity];
    int mask = capacity - 2;
    for (int id = 0; id < size; id++) {
      if (lossy != null && lossy.get(id)) {
        continue; // found by its String only
      }
      int length = starts[id + 1] - starts[id];
      int at = (hashes[id] << 1) & mask;
      while (table[at] != 0) {
        at = (at + 2) & mask;
      }
      table[at] = (long) check(hashes[id], length) << 32 | (id + 1L);
      table[at + 1] = length <= 8 ? word(bytes, starts[id], length) : 0;
    }
  }

  /** Up to 8 bytes as one little-endian long, zero-padded. */
  private static long word(byte[] buffer, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    if (offset + 8 <= buffer.length) {
      return (long) LONGS.get(buffer, offset) & (-1L >>> (64 - 8 * length));
    }
    long word = 0;
    for (int i = 0; i < length; i++) {
      word |= (buffer[offset + i] & 0xFFL) << (8 * i);
    }
    return word;
  }

  /** The hash of a string of at most 8 bytes, from its {@link #word}. */
  private static int hashWord(long word, int length) {
    long h = length * K;
    h = length == 8 ? Long.rotateLeft((h ^ word) * K, 27)
        : length > 0 ? (h ^ word) * K : h;
    return finish(h);
  }

  private static int finish(long h) {
    h ^= h >>> 32;
    h *= K;
    return (int) (h ^ (h >>> 29));
  }

  /** A hash of the bytes, read 8 at a time. */
  static int hash(byte[] buffer, int offset, int length) {
    if (length <= 8) {
      return hashWord(word(buffer, offset, length), length);
    }
    long h = length * K;
    int i = offset;
    int end = offset + length;
    for (; i + 8 <= end; i += 8) {
      h = Long.rotateLeft((h ^ (long) LONGS.get(buffer, i)) * K, 27);
    }
    int rest = end - i;
    if (rest > 0) {
      h = (h ^ word(buffer, i, rest)) * K;
    }
    return finish(h);
  }
}
