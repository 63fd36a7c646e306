package org.musicanalytics.functions.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.counting.Plays.play;
import static org.musicanalytics.counting.Plays.plays;

import com.google.protobuf.Message;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.musicanalytics.counting.CountsSnapshot;
import org.musicanalytics.counting.EncodedPlays;
import org.musicanalytics.counting.MergedCounts;
import org.musicanalytics.counting.RandomPlays;
import org.musicanalytics.counting.ShardCounter;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;

class AnalyzeShardTest {

  private final AnalyzeShard analyzeShard = new AnalyzeShard();

  @Test
  void shouldAnswerAsTheThreeStagesDoInOnePass() throws Exception {
    Random random = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      StreamList request = StreamList.newBuilder()
          .addAllRecords(RandomPlays.plays(random, 60)).build();

      ShardCounts counts = analyzeShard.apply(request);
      // Merged as the client merges them, from the message and from its bytes.
      MergedCounts fromMessage = new MergedCounts();
      fromMessage.add(counts);
      MergedCounts fromBytes = new MergedCounts();
      fromBytes.addEncoded(analyzeShard.applyWire(request.toByteArray()));

      CountsSnapshot users = new ShardCounter(EnumSet.of(ShardCounter.Part.USERS))
          .addAll(request).answer(CountsSnapshot.ANSWER);
      for (MergedCounts merged : List.of(fromMessage, fromBytes)) {
        assertThat(merged.answer(new PlayCountsAnswer()).build())
            .isEqualTo(untimed(new AggregateStream().apply(request)));
        assertThat(merged.answer(new GenreAnswer()).build())
            .isEqualTo(untimed(new AnalyzeGenres().apply(request)));
        // analyzeUsers lives in another module: what it counts, its answer is made from.
        CountsSnapshot merges = merged.answer(CountsSnapshot.ANSWER);
        assertThat(merges.userSeconds()).isEqualTo(users.userSeconds());
        assertThat(merges.userArtistPlays()).isEqualTo(users.userArtistPlays());
        assertThat(merges.topArtistsAsSent()).isEmpty();
      }
      assertThat(counts.getProcessingTime()).isPositive();
    }
  }

  @Test
  void shouldAnswerTheWireFormAsTheParsedRequestForEveryStage() throws Exception {
    Random random = new Random(12);
    for (AnalyticsFunction<?, ?> stage : AnalyticsFunctions.load().values()) {
      assertThat(stage.wireForm()).as(stage.name()).isNotNull();
      for (int trial = 0; trial < 100; trial++) {
        byte[] encoded = EncodedPlays.encode(random, RandomPlays.plays(random, 60));

        Message wire = parse(stage.responseType(), stage.wireForm().apply(encoded));
        Message plain = stage.applyUnchecked(StreamList.parseFrom(encoded));

        assertThat(untimed(wire)).as(stage.name()).isEqualTo(untimed(plain));
      }
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"'' | empty", "' \t' | blank", "'\u2003' | blank"})
  void shouldRejectAPlayWithoutUserNamingItOnBothPaths(String user, String problem) {
    StreamList request = plays(play("u1", "s1", "A"), play(user, "s1", "A"));

    assertThatThrownBy(() -> analyzeShard.apply(request))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("records[1].user_id must not be " + problem);
    assertThatThrownBy(() -> analyzeShard.applyWire(request.toByteArray()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("records[1].user_id must not be " + problem);
  }

  @Test
  void shouldEncodeItsAnswerAsTheMessageWouldBeEncoded() throws Exception {
    Random random = new Random(13);
    for (int trial = 0; trial < 200; trial++) {
      byte[] encoded = EncodedPlays.encode(random, RandomPlays.plays(random, 60));

      ShardCounts wire = ShardCounts.parseFrom(analyzeShard.applyWire(encoded));
      ShardCounts plain = analyzeShard.apply(StreamList.parseFrom(encoded));

      assertThat(untimed(wire)).isEqualTo(untimed(plain));
      assertThat(wire.getProcessingTime()).isPositive();
    }
  }

  static Message parse(Class<? extends Message> type, byte[] bytes) throws Exception {
    Message prototype = (Message) type.getMethod("getDefaultInstance").invoke(null);
    return prototype.getParserForType().parseFrom(bytes);
  }

  /** The message without its processing times, at the top and one level down. */
  static Message untimed(Message message) {
    Message.Builder builder = message.toBuilder();
    var time = builder.getDescriptorForType().findFieldByName("processing_time");
    if (time != null) {
      builder.clearField(time);
    }
    for (var field : builder.getDescriptorForType().getFields()) {
      if (field.getJavaType() == com.google.protobuf.Descriptors.FieldDescriptor.JavaType.MESSAGE
          && !field.isRepeated() && builder.hasField(field)) {
        builder.setField(field, untimed((Message) builder.getField(field)));
      }
    }
    return builder.build();
  }
}
