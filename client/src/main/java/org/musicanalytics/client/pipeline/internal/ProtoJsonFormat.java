package org.musicanalytics.client.pipeline.internal;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.util.JsonFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.musicanalytics.client.pipeline.PayloadFormat;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;

/**
 * Sizes in proto3 JSON as {@link #PRINTER} prints it, which is how the Lambda functions
 * print their answers too: {@code .proto} field names, no whitespace, int64 as strings,
 * fields at their default value left out, and {@code <>&='} and U+2028/9 escaped as
 * {@code \\uXXXX}.
 */
public final class ProtoJsonFormat implements PayloadFormat {

  public static final ProtoJsonFormat INSTANCE = new ProtoJsonFormat();

  /** The one printer of Lambda payloads. */
  public static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

  /** The one parser of Lambda payloads: fields a newer function adds are skipped. */
  public static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  /** The largest int64 in proto3 JSON: {@code "-9223372036854775808"}. */
  private static final int INT64 = 22;
  private static final int TOP_K = 5;
  /** The longest plays_per_day key, {@code "yyyy-MM-dd"}, quoted. */
  private static final int DAY_KEY = 12;

  private ProtoJsonFormat() {}

  @Override
  public String name() {
    return "proto3 JSON";
  }

  @Override
  public long streamListBytes() {
    return "{\"records\":[]}".length();
  }

  @Override
  public long recordBytes(StreamRecord record) {
    long bytes = 2; // {}
    int fields = 0;
    if (!record.getUserId().isEmpty()) {
      bytes += field("user_id", string(record.getUserId()));
      fields++;
    }
    if (!record.getSongId().isEmpty()) {
      bytes += field("song_id", string(record.getSongId()));
      fields++;
    }
    if (!record.getArtist().isEmpty()) {
      bytes += field("artist", string(record.getArtist()));
      fields++;
    }
    if (record.getDuration() != 0) {
      bytes += field("duration", Integer.toString(record.getDuration()).length());
      fields++;
    }
    if (!record.getTimestamp().isEmpty()) {
      bytes += field("timestamp", string(record.getTimestamp()));
      fields++;
    }
    if (!record.getGenre().isEmpty()) {
      bytes += field("genre", string(record.getGenre()));
      fields++;
    }
    // Commas between the fields, and after the record in the list.
    return bytes + Math.max(0, fields - 1) + 1;
  }

  @Override
  public long recordAnswerBound(StreamRecord record) {
    long artist = string(record.getArtist());
    long songId = string(record.getSongId());
    long key = artist + songId + 3 - 2; // "<artist> - <song_id>", one pair of quotes
    // PlayCounts: "key":"count", "key":{"artist":..,"song_id":..}, and "day":"count",
    long playCounts = entry(key, INT64)
        + entry(key, 2 + field("artist", artist) + 1 + field("song_id", songId))
        + entry(DAY_KEY, INT64);
    // UserStatsList: {"user_id":..,"total_time":..,"top_artist":..,"artist_plays":{..}},
    // and the id in top_users.
    long userId = string(record.getUserId());
    long user = 2 + field("user_id", userId) + 1 + field("total_time", INT64) + 1
        + field("top_artist", artist) + 1 + field("artist_plays", 2 + entry(artist, INT64))
        + 1;
    long users = user + userId + 1;
    // GenreAnalysisResponse: "genre":"count", and the genre in top_genres.
    long genre = string(record.getGenre());
    long genres = entry(genre, INT64) + genre + 1;
    return Math.max(playCounts, Math.max(users, genres));
  }

  /**
   * {@inheritDoc} Six array elements, each with its comma: uint32 indexes and an sint32 day
   * of up to 11 characters, int64 plays quoted, up to 22.
   */
  @Override
  public long recordListeningBound() {
    return 4 * (11 + 1) + 2 * (22 + 1);
  }

  @Override
  public long answerEnvelopeBytes() {
    // The field names of the largest answer with empty collections, and processing_time.
    return 256;
  }

  @Override
  public long userRequestBytes(UserStat user) {
    return 2 + field("user_id", string(user.getUserId())) + 1
        + field("top_artist", string(user.getTopArtist())) + 1;
  }

  @Override
  public long userAnswerBound(UserStat user, long maxKeyBytes) {
    // "user":{"values":["key",...]},
    return entry(string(user.getUserId()), 2 + field("values", 2 + TOP_K * maxKeyBytes));
  }

  @Override
  public long keyBytes(String key) {
    return string(key) + 1;
  }

  @Override
  public long messageBytes(Message message) {
    return print(message).getBytes(StandardCharsets.UTF_8).length;
  }

  /** {@code message} as a Lambda payload. */
  public static String print(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only Any fields with unknown types fail to print; the contract has none.
      throw new IllegalStateException("cannot print " + message.getDescriptorForType()
          .getFullName() + " as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Merges the proto3 JSON {@code json} into {@code answer} as {@link #PARSER} does, but
   * decodes the top-level bytes field {@code field} straight from the base64 in
   * {@code json}: through the parser, a field of megabytes would first become a string, a
   * JSON tree's string and the decoder's own copy. JSON this reader does not follow (no
   * object at the top, the field absent, base64 it cannot decode) goes to the parser whole.
   *
   * @throws InvalidProtocolBufferException where the parser fails
   */
  public static void mergeDecodingBytes(byte[] json, Message.Builder answer,
      FieldDescriptor field) throws InvalidProtocolBufferException {
    int[] value = TopLevelMembers.stringValue(json, field.getName(), field.getJsonName());
    byte[] decoded = value == null ? null : base64(json, value[0], value[1]);
    if (decoded == null) {
      PARSER.merge(new String(json, StandardCharsets.UTF_8), answer);
      return;
    }
    // The rest as it is, with the field's value emptied: the parser still checks the member.
    byte[] rest = new byte[json.length - (value[1] - value[0])];
    System.arraycopy(json, 0, rest, 0, value[0]);
    System.arraycopy(json, value[1], rest, value[0], json.length - value[1]);
    PARSER.merge(new String(rest, StandardCharsets.UTF_8), answer);
    answer.setField(field, UnsafeByteOperations.unsafeWrap(decoded));
  }

  /**
   * The bytes of the base64 between {@code from} and {@code to} of {@code json} (a JSON
   * string's contents, escapes included: the printer escapes {@code =} as
   * {@code \u003d}), standard or URL-safe as the parser accepts; null if it is neither.
   */
  private static byte[] base64(byte[] json, int from, int to) {
    byte[] text = TopLevelMembers.unescapedAscii(json, from, to);
    if (text == null) {
      return null;
    }
    ByteBuffer source = text == json ? ByteBuffer.wrap(json, from, to - from)
        : ByteBuffer.wrap(text);
    for (Base64.Decoder decoder : new Base64.Decoder[] {Base64.getDecoder(),
        Base64.getUrlDecoder()}) {
      try {
        ByteBuffer bytes = decoder.decode(source.duplicate());
        return bytes.arrayOffset() == 0 && bytes.remaining() == bytes.array().length
            ? bytes.array() : Arrays.copyOfRange(bytes.array(), bytes.arrayOffset()
                + bytes.position(), bytes.arrayOffset() + bytes.limit());
      } catch (IllegalArgumentException e) {
        // Not this alphabet: the other, then the parser's verdict.
      }
    }
    return null;
  }

  /** {@code "name":value}. */
  private static long field(String name, long value) {
    return name.length() + 3 + value;
  }

  /** {@code key:value,} with the key already quoted. */
  private static long entry(long key, long value) {
    return key + 1 + value + 1;
  }

  /**
   * The UTF-8 size of {@code value} as a JSON string, quotes included, escaped as
   * {@code JsonFormat} escapes it.
   */
  public static long string(String value) {
    long bytes = 2;
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x20) {
        bytes += switch (c) {
          case '\b', '\f', '\n', '\r', '\t' -> 2;
          default -> 6;
        };
      } else if (c == '"' || c == '\\') {
        bytes += 2;
      } else if (c == '<' || c == '>' || c == '&' || c == '=' || c == '\'') {
        bytes += 6;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (c == '\u2028' || c == '\u2029') {
        bytes += 6;
      } else if (Character.isHighSurrogate(c) && i + 1 < length
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes += 1; // an unpaired surrogate is encoded as '?'
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
