package org.musicanalytics.lambdalocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The local Invoke API, called through the AWS SDK as Lambda itself would be: the real
 * functions on their shaded jars, and scripted functions for the failure answers.
 */
class LocalLambdaEndpointTest {

  /** Proto3 JSON as the Lambda target prints it. */
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

  @TempDir
  static Path directory;

  private static LocalLambdaEndpoint scripted;
  private static LambdaClient scriptedClient;
  private static LambdaClient realClient;

  @BeforeAll
  static void start() throws Exception {
    scripted = LocalLambdaEndpoint.startOnLoopback(
        SamTemplate.read(ScriptedFunctions.write(directory)), 0);
    scriptedClient = LocalSdkClients.create(scripted.endpoint(),
        Duration.ofSeconds(30));
    realClient = LocalSdkClients.create(RealFunctions.endpoint().endpoint(),
        Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    scriptedClient.close();
    realClient.close();
    scripted.close();
  }

  private static InvokeResponse invoke(LambdaClient client, String function, String payload) {
    return client.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
  }

  private static JsonObject json(InvokeResponse response) {
    return JsonParser.parseString(response.payload().asUtf8String()).getAsJsonObject();
  }

  @Test
  void shouldServeTheRealFunctionsByLogicalIdAndArn() throws Exception {
    StreamList plays = StreamList.newBuilder()
        .addRecords(StreamRecord.newBuilder().setUserId("U1").setSongId("S1")
            .setArtist("Björk").setDuration(100).setTimestamp("2025-11-05T10:00:00")
            .setGenre("Pop"))
        .addRecords(StreamRecord.newBuilder().setUserId("U2").setSongId("S1")
            .setArtist("Björk").setDuration(50).setTimestamp("2025-11-05T11:00:00")
            .setGenre("Pop"))
        .build();

    InvokeResponse counts = invoke(realClient, "MapReduce", PRINTER.print(plays));
    InvokeResponse genres = invoke(realClient,
        "arn:aws:lambda:us-east-1:123456789012:function:GenreAnalysis:$LATEST",
        PRINTER.print(plays));

    assertThat(counts.statusCode()).isEqualTo(200);
    assertThat(counts.functionError()).isNull();
    assertThat(counts.executedVersion()).isEqualTo("$LATEST");
    PlayCounts.Builder answer = PlayCounts.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(counts.payload().asUtf8String(), answer);
    assertThat(answer.getPlayCountsMap()).containsExactly(java.util.Map.entry("Björk - S1", 2L));
    assertThat(json(genres).getAsJsonObject("genre_counts").get("Pop").getAsString())
        .isEqualTo("2");
  }

  @Test
  void shouldAnswerAFunctionExceptionAsAnUnhandledFunctionError() {
    // The real function, given a duration that is not a number.
    InvokeResponse response = invoke(realClient, "UserBehavior",
        "{\"records\":[{\"user_id\":\"U1\",\"duration\":\"long\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.functionError()).isEqualTo("Unhandled");
    JsonObject error = json(response);
    assertThat(error.get("errorType").getAsString())
        .isEqualTo("org.springframework.messaging.converter.MessageConversionException");
    assertThat(error.get("errorMessage").getAsString())
        .contains("Request is not the proto3 JSON of music.StreamList")
        .contains("long");
  }

  @Test
  void shouldAnswerScriptedFailuresAsLambdaDoes() {
    InvokeResponse failing = invoke(scriptedClient, "Failing", "{}");
    assertThat(failing.functionError()).isEqualTo("Unhandled");
    assertThat(json(failing).get("errorType").getAsString())
        .isEqualTo("java.lang.IllegalArgumentException");
    assertThat(json(failing).get("errorMessage").getAsString()).isEqualTo("boom");

    InvokeResponse brokenInit = invoke(scriptedClient, "BrokenInit", "{}");
    assertThat(brokenInit.functionError()).isEqualTo("Unhandled");
    assertThat(json(brokenInit).get("errorType").getAsString())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(json(brokenInit).get("errorMessage").getAsString())
        .isEqualTo("init of BrokenInit failed: no config");

    InvokeResponse huge = invoke(scriptedClient, "Huge", "{}");
    assertThat(huge.functionError()).isEqualTo("Unhandled");
    assertThat(json(huge).get("errorType").getAsString())
        .isEqualTo("Function.ResponseSizeTooLarge");
  }

  @Test
  void shouldTimeAFunctionOutAtItsTimeout() {
    long start = System.nanoTime();

    InvokeResponse slow = invoke(scriptedClient, "Slow", "{}");

    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(slow.functionError()).isEqualTo("Unhandled");
    assertThat(json(slow).get("errorType").getAsString()).isEqualTo("Sandbox.Timedout");
    assertThat(json(slow).get("errorMessage").getAsString())
        .endsWith("Task timed out after 1.00 seconds");
    assertThat(seconds).isBetween(0.9, 4.0);
  }

  @Test
  void shouldGiveTheCallersLoggingBackAfterAFunctionResetsIt() {
    java.util.logging.Logger caller = java.util.logging.Logger.getLogger("test.caller");
    java.util.logging.Handler handler = new java.util.logging.ConsoleHandler();
    caller.setLevel(java.util.logging.Level.FINE);
    caller.addHandler(handler);
    caller.setUseParentHandlers(false);
    try {
      assertThat(invoke(scriptedClient, "ResetsLogging", "{}").functionError()).isNull();

      assertThat(caller.getLevel()).isEqualTo(java.util.logging.Level.FINE);
      assertThat(caller.getHandlers()).containsExactly(handler);
      assertThat(caller.getUseParentHandlers()).isFalse();
    } finally {
      caller.removeHandler(handler);
      caller.setLevel(null);
      caller.setUseParentHandlers(true);
    }
  }

  @Test
  void shouldFindFunctionsByFunctionNameAndPartialArn() {
    assertThat(json(invoke(scriptedClient, "echo-function", "{\"a\":1}")).get("echo").getAsInt())
        .isEqualTo(7);
    assertThat(invoke(scriptedClient, "123456789012:function:Echo", "{}").functionError())
        .isNull();
    assertThat(LocalLambdaEndpoint.functionName("Echo:prod")).isEqualTo("Echo");
    assertThat(LocalLambdaEndpoint.functionName(
        "arn:aws:lambda:eu-west-1:123456789012:function:Echo:7")).isEqualTo("Echo");
  }

  @Test
  void shouldRefuseAnUnknownFunctionWith404() {
    assertThatThrownBy(() -> invoke(scriptedClient, "Nope", "{}"))
        .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.awsErrorDetails().errorMessage()).startsWith("Function not found: Nope");
        });
  }

  @Test
  void shouldRefuseARequestOver6MbWith413() {
    String payload = "\"" + "x".repeat(LocalLambdaEndpoint.MAX_PAYLOAD_BYTES - 1) + "\"";

    assertThatThrownBy(() -> invoke(scriptedClient, "Echo", payload))
        .isInstanceOfSatisfying(LambdaException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(413);
          assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("RequestEntityTooLargeException");
          assertThat(e.awsErrorDetails().errorMessage())
              .isEqualTo("Request must be smaller than 6291456 bytes for the InvokeFunction "
                  + "operation");
        });
    // Exactly the limit is accepted.
    String largest = "\"" + "x".repeat(LocalLambdaEndpoint.MAX_PAYLOAD_BYTES - 2) + "\"";
    assertThat(invoke(scriptedClient, "Echo", largest).functionError()).isNull();
  }

  @Test
  void shouldAnswerADryRunWithoutInvoking() {
    InvokeResponse response = scriptedClient.invoke(r -> r.functionName("Failing")
        .invocationType(InvocationType.DRY_RUN).payload(SdkBytes.fromUtf8String("{}")));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.functionError()).isNull();
  }

  @Test
  void shouldServeOnlyTheInvokeApi() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(scripted.endpoint() + "/2015-03-31/functions"))
            .GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("X-Amzn-ErrorType"))
        .hasValue("UnknownOperationException");
  }

  @Test
  void shouldListWhatItServesOnLoopback() {
    assertThat(scripted.functionIds())
        .containsExactly("Echo", "Failing", "Slow", "Huge", "BrokenInit", "ResetsLogging");
    assertThat(scripted.names()).contains("echo-function");
    assertThat(scripted.endpoint().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void shouldNotStartWhenAFunctionsCodeIsMissing() throws Exception {
    Path other = Files.createDirectories(directory.resolve("unbuilt"));
    Path template = ScriptedFunctions.write(other);
    Files.delete(other.resolve("scripted.jar"));

    assertThatThrownBy(() -> LocalLambdaEndpoint.startOnLoopback(SamTemplate.read(template), 0))
        .isInstanceOf(LocalLambdaEndpoint.MissingCodeException.class)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Echo: " + other.resolve("scripted.jar"))
        .hasMessageEndingWith("; build the jars with ./mvnw package");
  }
}
