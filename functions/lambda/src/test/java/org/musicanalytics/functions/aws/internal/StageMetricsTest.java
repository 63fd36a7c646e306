package org.musicanalytics.functions.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/** {@link StageMetrics}: the switch that turns the metrics off, and what it writes. */
class StageMetricsTest {

  private final Message<byte[]> invocation =
      MessageBuilder.withPayload("{}".getBytes(StandardCharsets.UTF_8))
          .setHeader(JsonRequestStage.AWS_CONTEXT, new Object()).build();
  private final StreamList request = StreamList.newBuilder()
      .addRecords(StreamRecord.newBuilder().setUserId("u").setSongId("s")).build();
  private final PlayCounts response = PlayCounts.newBuilder().setProcessingTime(0.5).build();

  @Test
  void shouldBeOnUnlessTheVariableSaysTrue() {
    assertThat(StageMetrics.enabled(Map.of())).isTrue();
    assertThat(StageMetrics.enabled(Map.of(StageMetrics.DISABLED_VARIABLE, "false"))).isTrue();
    assertThat(StageMetrics.enabled(Map.of(StageMetrics.DISABLED_VARIABLE, ""))).isTrue();
    assertThat(StageMetrics.enabled(Map.of(StageMetrics.DISABLED_VARIABLE, "true"))).isFalse();
    assertThat(StageMetrics.enabled(Map.of(StageMetrics.DISABLED_VARIABLE, " TRUE "))).isFalse();
  }

  @Test
  void shouldWriteALineWhenOnAndNothingWhenOff() {
    String on = standardOutputOf(() -> new StageMetrics(true)
        .record("aggregateStream", invocation, request, response, 0));
    String off = standardOutputOf(() -> new StageMetrics(false)
        .record("aggregateStream", invocation, request, response, 0));

    assertThat(on).contains("\"_aws\"", "\"Function\":\"aggregateStream\"", "\"Records\":1");
    assertThat(off).isEmpty();
  }

  @Test
  void shouldWriteOnlyTheRealLineWhenTheLibraryWasPreinitialized() {
    String written = standardOutputOf(() -> {
      try {
        StageMetrics.preinitialize();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      new StageMetrics(true).record("aggregateStream", invocation, request, response, 0);
    });

    assertThat(written.lines()).singleElement().asString()
        .contains("\"_aws\"", "\"Function\":\"aggregateStream\"", "\"Records\":1")
        .doesNotContain("preinitialize");
  }

  private static String standardOutputOf(Runnable call) {
    PrintStream previous = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      call.run();
    } finally {
      System.setOut(previous);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
