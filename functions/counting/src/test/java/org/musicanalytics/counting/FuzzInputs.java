package org.musicanalytics.counting;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Test fixture shared by the fuzz tests of every module: seeded hostile inputs (random
 * bytes, mutations of valid encodings and texts, random messages of any protobuf type) and
 * how many cases a fuzz test runs.
 *
 * <p>Every generator takes the test's {@link Random}, so a failing case is reproduced by its
 * seed and case number alone. The mutations aim where parsers have edge cases: varint
 * lengths that overrun, wire types that lie, invalid UTF-8, NUL bytes, byte-order marks,
 * quotes, separators and line ends, huge fields.
 */
public final class FuzzInputs {

  /**
   * System property that sets how many cases each seed of a fuzz test runs, for a longer
   * run than the bounded default: {@code ./mvnw -pl <module> test -Dtest=<FuzzTest>
   * -Dfuzz.cases=100000}.
   */
  public static final String CASES_PROPERTY = "fuzz.cases";

  /**
   * Byte sequences that are not UTF-8: a lone continuation byte, an overlong NUL, a
   * surrogate, a truncated sequence, a 5-byte form, 0xFF.
   */
  public static final byte[][] INVALID_UTF8 = {
      {(byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0xFF}};

  /** Varints a mutation splices in: lengths and values at the edges of int32 and int64. */
  private static final long[] EDGE_VARINTS = {0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, Integer.MAX_VALUE,
      0xFFFFFFFFL, -1, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE};

  /** Strings random messages draw from, so that keys collide and edge cases recur. */
  private static final String[] STRINGS = {"", " ", "u1", "U1", "u2", "Drake", "Drake Bell",
      "A - B", "A", "B - S", "Björk", "\u0000", "a\u0000b", "\uFEFFu1", "🎵", "\r\n", "\"", ",",
      "Pop", "2025-11-05T10:53:00"};

  private static final int[] EDGE_INTS = {
    0, 1, -1, 200, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1
  };

  private static final long[] EDGE_LONGS = {
    0, 1, -1, 3, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE + 1L
  };

  private FuzzInputs() {}

  /** The cases per seed: {@value #CASES_PROPERTY} when set, else {@code byDefault}. */
  public static int cases(int byDefault) {
    return Integer.getInteger(CASES_PROPERTY, byDefault);
  }

  /** Up to {@code maxLength} random bytes. */
  public static byte[] randomBytes(Random random, int maxLength) {
    byte[] bytes = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A string of {@code length} characters {@code c}: a giant field. */
  public static String giant(char c, int length) {
    char[] chars = new char[length];
    Arrays.fill(chars, c);
    return new String(chars);
  }

  /**
   * {@code input} with one to four random mutations: bits flipped, bytes set, inserted,
   * deleted, duplicated or cut off, edge varints and invalid UTF-8 spliced in, or a piece of
   * one of {@code others} spliced in.
   */
  public static byte[] mutate(Random random, byte[] input, byte[]... others) {
    byte[] bytes = input;
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      bytes = mutateOnce(random, bytes, others);
    }
    return bytes;
  }

  private static byte[] mutateOnce(Random random, byte[] bytes, byte[][] others) {
    int at = random.nextInt(bytes.length + 1);
    switch (random.nextInt(10)) {
      case 0: // flip a bit
        if (bytes.length > 0) {
          byte[] flipped = bytes.clone();
          int i = random.nextInt(bytes.length);
          flipped[i] ^= (byte) (1 << random.nextInt(8));
          return flipped;
        }
        return bytes;
      case 1: // set a byte to an interesting value
        if (bytes.length > 0) {
          byte[] set = bytes.clone();
          byte[] values = {0, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, 0x0A, 0x12, 0x20, 0x0C};
          set[random.nextInt(bytes.length)] = values[random.nextInt(values.length)];
          return set;
        }
        return bytes;
      case 2: // insert random bytes
        return insert(bytes, at, randomBytes(random, 8));
      case 3: // delete a range
        if (bytes.length > 0) {
          int from = random.nextInt(bytes.length);
          int to = Math.min(bytes.length, from + 1 + random.nextInt(16));
          return concat(Arrays.copyOfRange(bytes, 0, from),
              Arrays.copyOfRange(bytes, to, bytes.length));
        }
        return bytes;
      case 4: // duplicate a range (a repeated field, a repeated record)
        if (bytes.length > 0) {
          int from = random.nextInt(bytes.length);
          int to = Math.min(bytes.length, from + 1 + random.nextInt(64));
          return insert(bytes, to, Arrays.copyOfRange(bytes, from, to));
        }
        return bytes;
      case 5: // cut off
        return Arrays.copyOf(bytes, at);
      case 6: // an edge varint: a length that overruns, a negative int32
        return insert(bytes, at, varint(EDGE_VARINTS[random.nextInt(EDGE_VARINTS.length)]));
      case 7: // invalid UTF-8
        return insert(bytes, at, INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]);
      case 8: // a piece of another input
        if (others.length > 0) {
          byte[] other = others[random.nextInt(others.length)];
          int from = random.nextInt(other.length + 1);
          int to = Math.min(other.length, from + random.nextInt(64));
          return insert(bytes, at, Arrays.copyOfRange(other, from, to));
        }
        return bytes;
      default: // a byte replaced by a random one
        if (bytes.length > 0) {
          byte[] set = bytes.clone();
          set[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
          return set;
        }
        return bytes;
    }
  }

  /**
   * {@code text} with one to four random mutations: one of {@code tokens} inserted, a
   * character deleted or replaced by a token, a range duplicated or the text cut off.
   */
  public static String mutateText(Random random, String text, String... tokens) {
    String mutated = text;
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      int at = random.nextInt(mutated.length() + 1);
      String token = tokens[random.nextInt(tokens.length)];
      switch (random.nextInt(5)) {
        case 0, 1 -> mutated = mutated.substring(0, at) + token + mutated.substring(at);
        case 2 -> mutated = at < mutated.length()
            ? mutated.substring(0, at) + mutated.substring(at + 1) : mutated;
        case 3 -> {
          int to = Math.min(mutated.length(), at + 1 + random.nextInt(40));
          mutated = mutated.substring(0, to) + mutated.substring(at, to) + mutated.substring(to);
        }
        default -> mutated = at < mutated.length()
            ? mutated.substring(0, at) + token + mutated.substring(at + 1)
            : mutated.substring(0, at);
      }
    }
    return mutated;
  }

  /**
   * A random message of {@code prototype}'s type: each field set or not, repeated and map
   * fields of up to {@code maxRepeat} entries, strings and numbers from edge values, nested
   * messages down to {@code depth} levels.
   */
  public static Message randomMessage(Random random, Message prototype, int maxRepeat,
      int depth) {
    Message.Builder builder = prototype.newBuilderForType();
    for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
      if (random.nextInt(4) == 0) {
        continue;
      }
      if (field.isRepeated()) {
        int count = random.nextInt(maxRepeat + 1);
        for (int i = 0; i < count; i++) {
          Object value = value(random, builder, field, maxRepeat, depth);
          if (value != null) {
            builder.addRepeatedField(field, value);
          }
        }
      } else {
        Object value = value(random, builder, field, maxRepeat, depth);
        if (value != null) {
          builder.setField(field, value);
        }
      }
    }
    return builder.build();
  }

  private static Object value(Random random, Message.Builder builder, FieldDescriptor field,
      int maxRepeat, int depth) {
    return switch (field.getJavaType()) {
      case STRING -> randomString(random);
      case INT -> random.nextInt(3) == 0
          ? random.nextInt(1000) : EDGE_INTS[random.nextInt(EDGE_INTS.length)];
      case LONG -> random.nextInt(3) == 0
          ? (long) random.nextInt(1000) : EDGE_LONGS[random.nextInt(EDGE_LONGS.length)];
      case DOUBLE -> random.nextBoolean() ? random.nextDouble() : Double.NaN;
      case FLOAT -> random.nextFloat();
      case BOOLEAN -> random.nextBoolean();
      case MESSAGE -> depth <= 0 ? null : randomMessage(random,
          builder.newBuilderForField(field).getDefaultInstanceForType(), maxRepeat, depth - 1);
      default -> null; // the music messages have no bytes or enum fields
    };
  }

  /** A string from the shared pool, or random characters, now and then a long one. */
  public static String randomString(Random random) {
    int kind = random.nextInt(10);
    if (kind < 6) {
      return STRINGS[random.nextInt(STRINGS.length)];
    }
    if (kind == 9) {
      return giant((char) ('a' + random.nextInt(26)), 1000 + random.nextInt(5000));
    }
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(random.nextBoolean()
          ? ' ' + random.nextInt(95) : random.nextInt(0x3000));
    }
    return text.toString();
  }

  /** {@code value} as a protobuf varint. */
  public static byte[] varint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(10);
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      out.write((int) ((rest & 0x7F) | 0x80));
      rest >>>= 7;
    }
    out.write((int) rest);
    return out.toByteArray();
  }

  /** What the plain generated-code path makes of {@code request}: the parsed message, or null. */
  public static Message parseOrNull(Message prototype, byte[] request) {
    try {
      return prototype.getParserForType().parseFrom(request);
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  /**
   * The message without its {@code processing_time}s, at the top and one level down: what
   * two paths that answer alike still differ in.
   */
  public static Message untimed(Message message) {
    Message.Builder builder = message.toBuilder();
    FieldDescriptor time = builder.getDescriptorForType().findFieldByName("processing_time");
    if (time != null) {
      builder.clearField(time);
    }
    for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()
          && builder.hasField(field)) {
        builder.setField(field, untimed((Message) builder.getField(field)));
      }
    }
    return builder.build();
  }

  /** {@code text} in UTF-8. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The arrays one after the other. */
  public static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
    return concat(Arrays.copyOfRange(bytes, 0, at), inserted,
        Arrays.copyOfRange(bytes, at, bytes.length));
  }
}
