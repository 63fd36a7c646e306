package org.musicanalytics.counting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.StreamList;

/**
 * The wire path ({@link ShardCounter#addEncoded}) against the generated parser on bytes
 * found by {@code RequestDecodingFuzzTest} (local-grpc-host, seed 1, case 1144 with
 * {@code -Dfuzz.cases=8000}).
 */
class ShardCounterHostileTest {

  /**
   * An unknown varint field whose tenth byte still has its continuation bit set: the
   * generated parser reads it (into the unknown fields, through
   * {@code CodedInputStream.readInt64}), but {@code CodedInputStream.skipField}, which the wire
   * path skips unknown fields with, refuses it as a malformed varint. The wire path then
   * fails a request the plain path answers.
   */
  @Test
  void shouldReadAnUnknownVarintTheGeneratedParserReads() throws Exception {
    byte[] record = HexFormat.of().parseHex(
        "0a027531" // user_id "u1"
        + "1a0141" // artist "A"
        + "2005" // duration 5
        + "a801" + "f8a9c0c7b58ee9c5ff83"); // field 21, a 10-byte varint
    byte[] request = FuzzInputs.concat(new byte[] {0x0a, (byte) record.length}, record);
    StreamList parsed = StreamList.parseFrom(request);

    ShardCounter wire = ShardCounter.ofAll();
    wire.addEncoded(request);

    assertThat(parsed.getRecords(0).getUnknownFields().hasField(21)).isTrue();
    assertThat(wire.answer(CountsSnapshot.ANSWER))
        .isEqualTo(ShardCounter.ofAll().addAll(parsed).answer(CountsSnapshot.ANSWER));
  }
}
