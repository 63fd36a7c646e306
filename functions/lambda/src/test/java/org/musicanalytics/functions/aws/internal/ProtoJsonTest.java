package org.musicanalytics.functions.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;

class ProtoJsonTest {

  @Test
  void shouldPrintProtoFieldNamesCompactWithInt64AsStrings() {
    PlayCounts counts = PlayCounts.newBuilder().putPlayCounts("Drake - S006", 2).build();

    assertThat(ProtoJson.print(counts)).isEqualTo("{\"play_counts\":{\"Drake - S006\":\"2\"}}");
  }

  @Test
  void shouldReadIgnoringFieldsTheMessageDoesNotHave() throws Exception {
    StreamList request = ProtoJson.read(
        "{\"records\":[{\"user_id\":\"U1\",\"mood\":\"happy\"}],\"version\":2}", StreamList.class);

    assertThat(request.getRecords(0).getUserId()).isEqualTo("U1");
  }

  @Test
  void shouldFailJsonOfTheWrongType() {
    assertThatThrownBy(() -> ProtoJson.read("{\"records\":\"none\"}", StreamList.class))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void shouldRejectAClassThatIsNoGeneratedMessage() {
    assertThatThrownBy(() -> ProtoJson.defaultInstance(String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String is not a generated protobuf message");
  }
}
