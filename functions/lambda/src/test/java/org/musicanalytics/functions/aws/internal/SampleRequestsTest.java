package org.musicanalytics.functions.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

class SampleRequestsTest {

  @Test
  void shouldSetEveryFieldOfEveryNestedMessage() {
    for (Message sample : List.of(SampleRequests.of(StreamList.class),
        SampleRequests.of(RecommendationRequest.class))) {
      assertThat(unsetFields(sample, sample.getDescriptorForType().getName()))
          .as("fields left at their default in %s", sample).isEmpty();
    }
  }

  @Test
  void shouldGiveARequestTheStagesAccept() {
    StreamRecord record = SampleRequests.of(StreamList.class).getRecords(0);

    assertThat(record.getUserId()).isEqualTo("sample-user_id");
    assertThat(record.getDuration()).isPositive();
  }

  @Test
  void shouldKeySongsAlikeInEveryMap() {
    RecommendationRequest sample = SampleRequests.of(RecommendationRequest.class);

    assertThat(sample.getPlayCounts().getSongsMap().keySet())
        .isEqualTo(sample.getPlayCounts().getPlayCountsMap().keySet());
    assertThat(sample.getRankingList()).hasSize(1);
    assertThat(sample.getUserStats().getUserStatsList()).hasSize(1);
  }

  @Test
  void shouldSurviveAProto3JsonRoundTrip() throws Exception {
    RecommendationRequest sample = SampleRequests.of(RecommendationRequest.class);

    assertThat(ProtoJson.read(ProtoJson.print(sample), RecommendationRequest.class))
        .isEqualTo(sample);
  }

  /** Paths of the fields at their default value, through messages, lists and maps. */
  private static List<String> unsetFields(Message message, String path) {
    List<String> unset = new ArrayList<>();
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      String at = path + "." + field.getName();
      if (field.isRepeated()) {
        if (message.getRepeatedFieldCount(field) == 0) {
          unset.add(at);
        }
        for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
          Object element = message.getRepeatedField(field, i);
          if (element instanceof Message nested) {
            unset.addAll(unsetFields(nested, at + "[" + i + "]"));
          }
        }
      } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (!message.hasField(field)) {
          unset.add(at);
        } else {
          unset.addAll(unsetFields((Message) message.getField(field), at));
        }
      } else if (message.getField(field).equals(field.getDefaultValue())) {
        unset.add(at);
      }
    }
    return unset;
  }
}
