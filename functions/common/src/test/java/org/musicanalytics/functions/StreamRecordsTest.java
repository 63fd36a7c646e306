package org.musicanalytics.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
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
  void shouldNameTheNegativeDurationAndItsIndex() {
    StreamList request = StreamList.newBuilder()
        .addRecords(play("U1", 10)).addRecords(play("U2", 1)).addRecords(play("U3", -5)).build();

    assertThatThrownBy(() -> StreamRecords.validate(request))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("records[2].duration must not be negative, was -5");
  }
}
