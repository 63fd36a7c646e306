package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.event;
import static org.musicanalytics.functions.aws.LambdaTestSupport.shadedJar;
import static org.musicanalytics.functions.aws.LambdaTestSupport.templateFunction;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.musicanalytics.functions.aws.LambdaRuntimeApiServer.Invocation;
import org.musicanalytics.functions.aws.LambdaRuntimeApiServer.Outcome;
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
 * names the function and checks its responses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractLambdaRuntimeIT {

  /** A cold start is about 1.5 s here; the margin is for a loaded machine. */
  private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(60);

  private final String logicalId;
  private final String definition;
  private LambdaRuntimeProcess runtime;

  /**
   * @param logicalId the function's resource in template.yaml, e.g. {@code MapReduce}
   * @param definition its {@code SPRING_CLOUD_FUNCTION_DEFINITION}, which also names its
   *     events: {@code events/<definition>.json} and {@code events/<definition>-http.json}
   */
  protected AbstractLambdaRuntimeIT(String logicalId, String definition) {
    this.logicalId = logicalId;
    this.definition = definition;
  }

  /**
   * Checks the function's response to {@code events/<definition>.json} (also the body of
   * the API Gateway event), parsing it strictly into the response message.
   */
  protected abstract void assertPlainEventResponse(byte[] response);

  /** A request the stage rejects, with the message that must name the bad field. */
  protected record InvalidRequest(String event, String message) {}

  /** The request of {@link #shouldReportAnInvalidRequestToTheErrorEndpointAndServeTheNext}. */
  protected abstract InvalidRequest invalidRequest();

  /** The running runtime, for a subclass's own tests. */
  protected LambdaRuntimeProcess runtime() {
    return runtime;
  }

  @BeforeAll
  void startRuntime() throws Exception {
    TemplateFunction function = templateFunction(definition);
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
  void shouldPostThePlainEventsResponseToTheResponseEndpoint() throws Exception {
    Invocation invocation = runtime.invoke(event(definition));

    assertThat(invocation.outcome()).as(invocation.bodyText()).isEqualTo(Outcome.RESPONSE);
    assertThat(invocation.errorType()).isNull();
    assertPlainEventResponse(invocation.body());
    assertThat(runtime.api().protocolViolations()).isEmpty();
  }

  @Test
  void shouldServeEveryInvocationFromTheOneRuntimeProcess() throws Exception {
    int delivered = runtime.api().deliveredCount();
    Set<String> requestIds = new HashSet<>();

    for (int i = 0; i < 3; i++) {
      Invocation invocation = runtime.invoke(event(definition));
      assertThat(invocation.outcome()).as(invocation.bodyText()).isEqualTo(Outcome.RESPONSE);
      assertPlainEventResponse(invocation.body());
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
    assertPlainEventResponse(next.body());
    assertThat(runtime.api().protocolViolations()).isEmpty();
  }
}
