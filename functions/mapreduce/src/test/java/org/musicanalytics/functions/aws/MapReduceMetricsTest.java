package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.musicanalytics.functions.aws.EmbeddedMetricFormat.check;
import static org.musicanalytics.functions.aws.EmbeddedMetricFormat.emfLines;
import static org.musicanalytics.functions.aws.EmbeddedMetricFormat.unit;
import static org.musicanalytics.functions.aws.LambdaTestSupport.apiGatewayBody;
import static org.musicanalytics.functions.aws.LambdaTestSupport.event;
import static org.musicanalytics.functions.aws.LambdaTestSupport.eventFile;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoke;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoker;
import static org.musicanalytics.functions.aws.LambdaTestSupport.repositoryRoot;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.aws.internal.StageMetrics;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.messaging.converter.MessageConversionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CloudWatch Embedded Metric Format line each invocation of the map-reduce jar's
 * functions writes, captured from a real {@link FunctionInvoker}'s standard output (where
 * Lambda collects it) and checked against the format's specification and the invocation.
 */
class MapReduceMetricsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What one call wrote to standard output, and its response. */
  private record Captured(List<String> lines, byte[] response) {}

  private static Captured capture(Supplier<byte[]> call) {
    PrintStream previous = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] response;
    try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      response = call.get();
    } finally {
      System.setOut(previous);
    }
    return new Captured(emfLines(out.toString(StandardCharsets.UTF_8)), response);
  }

  private static JsonNode onlyLine(Captured captured) {
    assertThat(captured.lines()).as("EMF lines written").hasSize(1);
    return check(captured.lines().get(0));
  }

  private static int records(String definition) throws Exception {
    return JSON.readTree(Files.readAllBytes(eventFile(definition))).path("records").size();
  }

  private static void assertMetricsOf(JsonNode line, String definition, byte[] event,
      byte[] responseJson, int coldStart) throws Exception {
    JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(directive.path("Namespace").asString()).isEqualTo(StageMetrics.NAMESPACE);
    assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Function\"]]");
    assertThat(line.path("Function").asString()).isEqualTo(definition);
    assertThat(unit(line, "Records")).isEqualTo("Count");
    assertThat(unit(line, "StageTime")).isEqualTo("Milliseconds");
    assertThat(unit(line, "RequestBytes")).isEqualTo("Bytes");
    assertThat(unit(line, "ColdStart")).isEqualTo("Count");
    assertThat(line.path("Records").asInt()).isEqualTo(records(definition)).isPositive();
    assertThat(line.path("RequestBytes").asInt()).isEqualTo(event.length);
    double processingSeconds = JSON.readTree(responseJson).path("processing_time").asDouble();
    assertThat(line.path("StageTime").asDouble())
        .isCloseTo(processingSeconds * 1000, within(1e-6)).isGreaterThanOrEqualTo(0);
    assertThat(line.path("ColdStart").asInt()).isEqualTo(coldStart);
    assertThat(line.path("_aws").path("Timestamp").asLong())
        .isCloseTo(System.currentTimeMillis(), within(60_000L));
  }

  @Test
  void shouldWriteOneLinePerInvocationWithTheColdStartOnlyOnTheFirst() throws Exception {
    FunctionInvoker invoker = invoker("aggregateStream");
    byte[] event = event("aggregateStream");

    Captured first = capture(() -> invoke(invoker, event));
    Captured second = capture(() -> invoke(invoker, event));

    assertMetricsOf(onlyLine(first), "aggregateStream", event, first.response(), 1);
    assertMetricsOf(onlyLine(second), "aggregateStream", event, second.response(), 0);
  }

  @Test
  void shouldNameTheFunctionAndCountTheWholeApiGatewayEvent() throws Exception {
    FunctionInvoker invoker = invoker("analyzeGenres");
    byte[] event = Files.readAllBytes(
        repositoryRoot().resolve("events").resolve("analyzeGenres-http.json"));

    Captured http = capture(() -> invoke(invoker, event));

    assertMetricsOf(onlyLine(http), "analyzeGenres", event, apiGatewayBody(http.response(), 200),
        1);
  }

  @Test
  void shouldWriteNoMetricsForARequestThatIsRefused() {
    FunctionInvoker invoker = invoker("aggregateStream");

    Captured refused = capture(() -> {
      assertThatThrownBy(() -> invoke(invoker, "{\"records\":[{\"duration\":\"long\"}]}"))
          .isInstanceOf(MessageConversionException.class);
      return new byte[0];
    });
    Captured answered = capture(() -> invoke(invoker, event("aggregateStream")));

    assertThat(refused.lines()).isEmpty();
    assertThat(onlyLine(answered).path("ColdStart").asInt())
        .as("the cold start is the first answered invocation's").isEqualTo(1);
  }
}
