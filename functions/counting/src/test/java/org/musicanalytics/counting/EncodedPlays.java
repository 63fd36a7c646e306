package org.musicanalytics.counting;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import org.musicanalytics.proto.StreamRecord;

/**
 * Test fixture: {@code StreamList} wire forms that exercise a hand-written reader where the
 * generated parser has rules of its own: unknown fields of every wire type (groups too) at
 * both levels, a known field number under another wire type, a record's fields split over
 * several occurrences of the record (the last value wins, and a value left at its default
 * does not override), fields out of order, non-ASCII
 * strings and the key separator.
 */
public final class EncodedPlays {

  private EncodedPlays() {}

  /** Random plays ({@link RandomPlays}), encoded with random extras. */
  public static byte[] encode(Random random, List<StreamRecord> plays) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      for (StreamRecord play : plays) {
        if (random.nextInt(4) == 0) {
          unknownFields(random).writeTo(out); // between records
        }
        byte[] record = record(random, play);
        out.writeTag(1, 2);
        out.writeUInt32NoTag(record.length);
        out.writeRawBytes(record);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] record(Random random, StreamRecord play) throws IOException {
    StreamRecord.Builder record = play.toBuilder();
    if (random.nextInt(3) == 0) {
      record.setUnknownFields(unknownFields(random));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (random.nextInt(4) == 0) {
      // Values that a later occurrence overrides, as the generated parser merges.
      StreamRecord.newBuilder().setUserId("overridden-" + random.nextInt(3))
          .setArtist("Ärtist überschrieben").setDuration(7).setGenre("stale")
          .build().writeTo(bytes);
    }
    if (random.nextBoolean()) {
      record.build().writeTo(bytes);
    } else {
      // Fields in reverse order.
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      StreamRecord built = record.build();
      built.getUnknownFields().writeTo(out);
      out.writeString(6, built.getGenre());
      out.writeString(5, built.getTimestamp());
      out.writeInt32(4, built.getDuration());
      out.writeString(3, built.getArtist());
      out.writeString(2, built.getSongId());
      out.writeString(1, built.getUserId());
      out.flush();
    }
    return bytes.toByteArray();
  }

  /** Unknown fields: every wire type, and known numbers under another wire type. */
  private static UnknownFieldSet unknownFields(Random random) {
    UnknownFieldSet.Builder fields = UnknownFieldSet.newBuilder();
    fields.addField(7 + random.nextInt(100), UnknownFieldSet.Field.newBuilder()
        .addVarint(random.nextLong()).build());
    fields.addField(1, UnknownFieldSet.Field.newBuilder().addFixed64(random.nextLong())
        .addFixed32(random.nextInt()).build());
    fields.addField(4, UnknownFieldSet.Field.newBuilder()
        .addLengthDelimited(ByteString.copyFromUtf8("Dürüm - \u00e9\ud83c\udfb5")).build());
    fields.addField(2000, UnknownFieldSet.Field.newBuilder()
        .addGroup(UnknownFieldSet.newBuilder().addField(1, UnknownFieldSet.Field.newBuilder()
            .addVarint(1).build()).build()).build());
    return fields.build();
  }
}
