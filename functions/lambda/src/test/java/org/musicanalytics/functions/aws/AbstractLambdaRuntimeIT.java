package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.apiGatewayBody;
import static org.musicanalytics.functions.aws.LambdaTestSupport.apiGatewayError;
import static org.musicanalytics.functions.aws.LambdaTestSupport.event;
import static org.musicanalytics.functions.aws.LambdaTestSupport.eventFiles;
import static org.musicanalytics.functions.aws.LambdaTestSupport.httpEvent;
import static org.musicanalytics.functions.aws.LambdaTestSupport.shadedJar;
import static org.musicanalytics.functions.aws.LambdaTestSupport.templateFunction;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.musicanalytics.functions.aws.LambdaRuntimeApiServer.Invocation;
import org.musicanalytics.functions.aws.LambdaRuntimeApiServer.Outcome;
import org.musicanalytics.functions.aws.LambdaTestSupport.EventFile;
import org.musicanalytics.functions.aws.LambdaTestSupport.TemplateFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One function of template.yaml as {@code sam local invoke} would run it: the template's
 * handler, environment and memory size, the module's built {@code -aws.jar} in the task
 * root, the real Lambda Java runtime interface client in a separate JVM
 * ({@link LambdaRuntimeProcess}) and a Runtime API on loopback feeding it the function's
 * events ({@link LambdaRuntimeApiServer}). One runtime process serves every test of a
 * class, as one Lambda execution environment serves many invocations.
 *
 * <p>A subclass per function (a failsafe {@code *RuntimeIT} of the function's module)
 * names the function, the check of its sample response and a request its stage rejects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractLambdaRuntimeIT {

  /** Far longer than a cold start: the margin is for a loaded machine. */
  private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(60);

  private final String logicalId;
  private final String definition;
  private final Consumer<byte[]> sampleResponse;
  private TemplateFunction function;
  private LambdaRuntimeProcess runtime;

  /**
   * @param logicalId the function's resource in template.yaml, e.g. {@code MapReduce}
   * @param definition its {@code SPRING_CLOUD_FUNCTION_DEFINITION}, which also names its
   *     event files
   * @param sampleResponses the module's checks of a response to the request the event files
   *     carry, by definition (its {@code *SampleResponses.BY_DEFINITION})
   */
  protected AbstractLambdaRuntimeIT(String logicalId, String definition,
      Map<String, Consumer<byte[]>> sampleResponses) {
    this.logicalId = logicalId;
    this.definition = definition;
    this.sampleResponse = sampleResponses.get(definition);
  }

  /** A request the stage rejects, and the message that must name the bad field. */
  protected record InvalidRequest(String event, String message) {}

  /** The request of {@link #shouldReportAnInvalidRequestToTheErrorEndpointAndServeTheNext}. */
  protected abstract InvalidRequest invalidRequest();

  /** The running runtime, for a subclass's own tests. */
  protected LambdaRuntimeProcess runtime() {
    return runtime;
  }

  @BeforeAll
  void startRuntime() throws Exception {
    assertThat(sampleResponse).as("check of a " + definition + " response").isNotNull();
    function = templateFunction(definition);
    assertThat(function.logicalId()).isEqualTo(logicalId);
    // The jar the template names is the one this build just made, not a stale copy.
    assertThat(function.codePath()).isEqualTo(shadedJar());
    runtime = LambdaRuntimeProcess.start(function, function.codePath(), INVOKE_TIMEOUT);
  }

  @AfterAll
  void stopRuntime() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void shouldPostTheAnswerToEachEventFileToTheResponseEndpoint() throws Exception {
    List<EventFile> files = eventFiles().stream()
        .filter(file -> file.definition().equals(definition))
        .toList();
    assertThat(files).extracting(EventFile::http).as("plain and HTTP API events")
        .contains(false, true);

    for (EventFile file : files) {
      Invocation invocation = runtime.invoke(file.bytes());

      assertThat(invocation.outcome()).as(file.name() + ": " + invocation.bodyText())
          .isEqualTo(Outcome.RESPONSE);
      assertThat(invocation.errorType()).isNull();
      sampleResponse.accept(file.http()
          ? apiGatewayBody(invocation.body(), 200) : invocation.body());
    }
    assertThat(runtime.api().protocolViolations()).isEmpty();
  }

  @Test
  void shouldRunTheRuntimeJvmWithTheTemplatesJavaToolOptions() throws Exception {
    String toolOptions = function.environment().get("JAVA_TOOL_OPTIONS");
    assertThat(toolOptions).as("JAVA_TOOL_OPTIONS of " + logicalId).isNotBlank();

    runtime.invoke(event(definition));

    assertThat(runtime.logTail()).contains("Picked up JAVA_TOOL_OPTIONS: " + toolOptions);
  }

  @Test
  void shouldServeEveryInvocationFromTheOneRuntimeProcess() throws Exception {
    int delivered = runtime.api().deliveredCount();
    Set<String> requestIds = new HashSet<>();

    for (int i = 0; i < 3; i++) {
      Invocation invocation = runtime.invoke(event(definition));
      assertThat(invocation.outcome()).as(invocation.bodyText()).isEqualTo(Outcome.RESPONSE);
      sampleResponse.accept(invocation.body());
      requestIds.add(invocation.requestId());
    }

    assertThat(requestIds).hasSize(3);
    assertThat(runtime.api().deliveredCount() - delivered).isEqualTo(3);
    assertThat(runtime.isAlive()).as(runtime.logTail()).isTrue();
  }

  @Test
  void shouldReportAnInvalidRequestToTheErrorEndpointAndServeTheNext() throws Exception {
    InvalidRequest invalid = invalidRequest();

    Invocation failed = runtime.invoke(invalid.event().getBytes(StandardCharsets.UTF_8));

    assertThat(failed.outcome()).as(failed.bodyText()).isEqualTo(Outcome.FUNCTION_ERROR);
    // The runtime's classification of an exception thrown by the handler.
    assertThat(failed.errorType()).isEqualTo("Runtime.UserException");
    JsonNode error = JsonMapper.builder().build().readTree(failed.body());
    assertThat(error.path("errorType").asString())
        .isEqualTo("org.musicanalytics.functions.InvalidRequestException");
    assertThat(error.path("errorMessage").asString()).isEqualTo(invalid.message());

    Invocation next = runtime.invoke(event(definition));
    assertThat(next.outcome()).as(next.bodyText()).isEqualTo(Outcome.RESPONSE);
    sampleResponse.accept(next.body());
    assertThat(runtime.api().protocolViolations()).isEmpty();
  }

  @Test
  void shouldAnswerTheSameInvalidRequestOverHttpWithA400NamingTheField() throws Exception {
    InvalidRequest invalid = invalidRequest();

    Invocation invocation = runtime.invoke(
        httpEvent(definition, invalid.event()).getBytes(StandardCharsets.UTF_8));

    // An HTTP API caller gets an answer, not a function error (which it would see as a 500).
    assertThat(invocation.outcome()).as(invocation.bodyText()).isEqualTo(Outcome.RESPONSE);
    JsonNode error = apiGatewayError(invocation.body(), 400);
    assertThat(error.path("error").asString()).isEqualTo("InvalidRequest");
    assertThat(error.path("message").asString()).isEqualTo(invalid.message());
  }
}
