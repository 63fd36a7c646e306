package org.musicanalytics.client.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.CsvRangeSummary;
import org.musicanalytics.proto.ShardCounts;

class ProtoJsonFormatTest {

  private static final FieldDescriptor ENCODED = ShardCounts.getDescriptor()
      .findFieldByNumber(ShardCounts.ENCODED_COUNTS_FIELD_NUMBER);

  private static ShardCounts decoded(String json) throws InvalidProtocolBufferException {
    ShardCounts.Builder answer = ShardCounts.newBuilder();
    ProtoJsonFormat.mergeDecodingBytes(json.getBytes(StandardCharsets.UTF_8), answer, ENCODED);
    return answer.build();
  }

  private static ShardCounts parsed(String json) throws InvalidProtocolBufferException {
    ShardCounts.Builder answer = ShardCounts.newBuilder();
    ProtoJsonFormat.PARSER.merge(json, answer);
    return answer.build();
  }

  @Test
  void shouldReadTheBytesFieldAsTheParserDoesWhateverThePrinter() throws Exception {
    Random random = new Random(3);
    JsonFormat.Printer[] printers = {ProtoJsonFormat.PRINTER, JsonFormat.printer(),
        JsonFormat.printer().preservingProtoFieldNames()};
    for (int trial = 0; trial < 300; trial++) {
      // Every length modulo 3, so every padding (which the printer escapes as \u003d).
      byte[] bytes = new byte[trial < 200 ? trial % 40 : random.nextInt(100_000)];
      random.nextBytes(bytes);
      ShardCounts counts = ShardCounts.newBuilder()
          .addUserIds("U\"1\\,}{")
          .addArtists("Bj\u00f6rk <&> \u2028")
          .setProcessingTime(random.nextDouble())
          .setCsvRange(CsvRangeSummary.newBuilder().setStart(random.nextInt(1000))
              .setEnd(1_000_000).setLines(random.nextInt(100)))
          .setEncodedCounts(ByteString.copyFrom(bytes))
          .build();
      String json = printers[trial % printers.length].print(counts);

      assertThat(decoded(json)).isEqualTo(parsed(json)).isEqualTo(counts);
    }
  }

  @Test
  void shouldLeaveToTheParserWhatItDoesNotFollow() throws Exception {
    String urlSafe = Base64.getUrlEncoder().encodeToString(new byte[] {-5, -1, -2, 62, 63});
    for (String json : new String[] {
        "{\"encoded_counts\":\"" + urlSafe + "\",\"user_ids\":[\"a\"]}",
        "{\"user_ids\":[\"a\",\"b\"],\"csvRange\":{\"start\":\"5\",\"lines\":2}}",
        "{}",
        " {\"encodedCounts\" : \"AAEC\" , \"artists\" : [ ] } ",
        "{\"encoded_counts\":\"A\\u0041EC\"}"}) {

      assertThat(decoded(json)).as(json).isEqualTo(parsed(json));
    }
  }

  @Test
  void shouldFailWhereTheParserFails() {
    for (String json : new String[] {
        "{\"encoded_counts\":\"AAEC\",\"encodedCounts\":\"AAEC\"}",
        "{\"encoded_counts\":\"AAEC\",\"processing_time\":\"x\"}",
        "{\"encoded_counts\":\"*not base64*\"}",
        "{\"encoded_counts\":\"AAEC\"",
        "[1]"}) {

      assertThatThrownBy(() -> parsed(json)).as(json)
          .isInstanceOf(InvalidProtocolBufferException.class);
      assertThatThrownBy(() -> decoded(json)).as(json)
          .isInstanceOf(InvalidProtocolBufferException.class);
    }
  }
}
