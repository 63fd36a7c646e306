package org.musicanalytics.functions.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings of the wire form, each distinct UTF-8 byte sequence decoded once.
 *
 * <p>A shard names the same few thousand users, artists, songs and genres tens of
 * thousands of times; looking their bytes up here instead of decoding them saves the
 * decoding and the garbage, and every occurrence yields the same {@code String}, whose
 * hash is then computed once and whose equality checks end at identity.
 *
 * <p>Bytes are checked as the generated parser checks a proto3 {@code string} field: not
 * valid UTF-8 is an {@link InvalidProtocolBufferException}. Not thread-safe.
 */
public final class Utf8Interner {

  private static final int MAX_LOAD_PERCENT = 50;

  private int[] hashes = new int[256];
  private byte[][] keys = new byte[256][];
  private String[] values = new String[256];
  private int size;

  /** The string of {@code length} bytes of {@code buffer} at {@code offset}. */
  public String intern(byte[] buffer, int offset, int length)
      throws InvalidProtocolBufferException {
    int hash = hash(buffer, offset, length);
    int mask = values.length - 1;
    int slot = hash & mask;
    String value;
    while ((value = values[slot]) != null) {
      byte[] key = keys[slot];
      if (hashes[slot] == hash
          && Arrays.equals(key, 0, key.length, buffer, offset, offset + length)) {
        return value;
      }
      slot = (slot + 1) & mask;
    }
    requireUtf8(buffer, offset, length);
    value = new String(buffer, offset, length, StandardCharsets.UTF_8);
    hashes[slot] = hash;
    keys[slot] = Arrays.copyOfRange(buffer, offset, offset + length);
    values[slot] = value;
    if (++size * 100 > values.length * MAX_LOAD_PERCENT) {
      grow();
    }
    return value;
  }

  /** How many distinct strings have been seen. */
  public int size() {
    return size;
  }

  /**
   * Fails as the generated parser does on a proto3 {@code string} field that is not
   * valid UTF-8.
   */
  public static void requireUtf8(byte[] buffer, int offset, int length)
      throws InvalidProtocolBufferException {
    int end = offset + length;
    int i = offset;
    while (i < end && buffer[i] >= 0) {
      i++; // ASCII, nearly all of it: valid without a closer look
    }
    if (i < end && !UnsafeByteOperations.unsafeWrap(buffer, i, end - i).isValidUtf8()) {
      throw new InvalidProtocolBufferException("Protocol message had invalid UTF-8.");
    }
  }

  private void grow() {
    int[] oldHashes = hashes;
    byte[][] oldKeys = keys;
    String[] oldValues = values;
    int capacity = oldValues.length * 2;
    hashes = new int[capacity];
    keys = new byte[capacity][];
    values = new String[capacity];
    int mask = capacity - 1;
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != null) {
        int slot = oldHashes[i] & mask;
        while (values[slot] != null) {
          slot = (slot + 1) & mask;
        }
        hashes[slot] = oldHashes[i];
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }

  private static int hash(byte[] buffer, int offset, int length) {
    int hash = length;
    for (int i = offset, end = offset + length; i < end; i++) {
      hash = 31 * hash + buffer[i];
    }
    // Spread the low bits, which pick the slot.
    hash *= 0x9E3779B9;
    return hash ^ (hash >>> 16);
  }
}
