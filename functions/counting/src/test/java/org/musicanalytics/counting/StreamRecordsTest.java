package org.musicanalytics.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

class StreamRecordsTest {

  private static StreamRecord play(String user, int duration) {
    return StreamRecord.newBuilder().setUserId(user).setSongId("S1").setArtist("A")
        .setDuration(duration).build();
  }

  @Test
  void shouldBuildTheOldContractsDisplayKey() {
    assertThat(StreamRecords.songKey("Drake", "S006")).isEqualTo("Drake - S006");
  }

  @Test
  void shouldAcceptValidRecords() {
    StreamRecords.validate(StreamList.newBuilder().addRecords(play("U1", 0)).build());
    StreamRecords.validate(StreamList.getDefaultInstance());
  }

  @Test
  void shouldNameTheEmptyUserIdAndItsIndex() {
    StreamList request = StreamList.newBuilder()
        .addRecords(play("U1", 10)).addRecords(play("", 10)).build();

    assertThatThrownBy(() -> StreamRecords.validate(request))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("records[1].user_id must not be empty")
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("records[1].user_id");
  }

  @Test
  void shouldRejectAUserIdOfWhiteSpaceAsTheCsvReaderDoes() {
    for (String blank : new String[] {" ", "\t", "  \u2003 "}) {
      StreamList request = StreamList.newBuilder().addRecords(play(blank, 10)).build();

      assertThatThrownBy(() -> StreamRecords.validate(request))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("records[0].user_id must not be blank");
    }
  }

  @Test
  void shouldJudgeBlankBytesAsStringIsBlankDoes() {
    String[] texts = {"", " ", "\t\n", "\u2003", "\u00a0", " u1", "u", "\u00e9", "\u2003x", "~"};
    for (String text : texts) {
      byte[] utf8 = ("<" + text + ">").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      int length = utf8.length - 2;

      assertThat(StreamRecords.isBlank(utf8, 1, length)).as("'%s'", text)
          .isEqualTo(text.isBlank());
      assertThat(StreamRecords.violation(0, utf8, 1, length, 1) == null).as("'%s'", text)
          .isEqualTo(StreamRecords.violation(0, text, 1) == null);
    }
  }

  @Test
  void shouldNameTheNegativeDurationAndItsIndex() {
    StreamList request = StreamList.newBuilder()
        .addRecords(play("U1", 10)).addRecords(play("U2", 1)).addRecords(play("U3", -5)).build();

    assertThatThrownBy(() -> StreamRecords.validate(request))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("records[2].duration must not be negative, was -5");
  }
}
