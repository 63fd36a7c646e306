package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.aws.LambdaRuntimeApiServer.Invocation;
import org.musicanalytics.functions.aws.LambdaRuntimeApiServer.Outcome;

/**
 * The Runtime API the {@code *RuntimeIT} tests serve, driven here by a plain HTTP client
 * playing the runtime, so that its side of the contract is pinned without a runtime.
 */
class LambdaRuntimeApiServerTest {

  private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:MapReduce";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  private LambdaRuntimeApiServer api;

  @BeforeEach
  void startApi() throws Exception {
    api = LambdaRuntimeApiServer.start(ARN);
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  @Test
  void shouldListenOnLoopbackOnly() {
    assertThat(api.address()).startsWith("127.0.0.1:");
  }

  @Test
  void shouldDeliverTheEventWithTheRuntimeHeadersAndTakeTheResponse() throws Exception {
    long before = System.currentTimeMillis();
    CompletableFuture<Invocation> invocation = invokeAsync("{\"records\":[]}");

    HttpResponse<String> next = next();
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(next.body()).isEqualTo("{\"records\":[]}");
    String requestId = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
    assertThat(next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn")).hasValue(ARN);
    String deadline = next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow();
    assertThat(Long.parseLong(deadline))
        .isBetween(before + TIMEOUT.toMillis(), System.currentTimeMillis() + TIMEOUT.toMillis());
    assertThat(next.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow())
        .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");

    assertThat(post("invocation/" + requestId + "/response", "{\"ok\":1}", null).statusCode())
        .isEqualTo(202);
    Invocation done = invocation.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(done.requestId()).isEqualTo(requestId);
    assertThat(done.outcome()).isEqualTo(Outcome.RESPONSE);
    assertThat(done.bodyText()).isEqualTo("{\"ok\":1}");
    assertThat(api.deliveredCount()).isEqualTo(1);
    assertThat(api.protocolViolations()).isEmpty();
  }

  @Test
  void shouldTakeAFunctionErrorWithItsErrorTypeHeader() throws Exception {
    CompletableFuture<Invocation> invocation = invokeAsync("{}");
    String requestId = next().headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();

    String error = "{\"errorMessage\":\"records[0].user_id must not be empty\"}";
    assertThat(post("invocation/" + requestId + "/error", error, "Runtime.UserException")
        .statusCode()).isEqualTo(202);

    Invocation done = invocation.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(done.outcome()).isEqualTo(Outcome.FUNCTION_ERROR);
    assertThat(done.errorType()).isEqualTo("Runtime.UserException");
    assertThat(done.bodyText()).isEqualTo(error);
  }

  @Test
  void shouldRejectAndRecordAnAnswerForARequestNotInFlight() throws Exception {
    CompletableFuture<Invocation> invocation = invokeAsync("{}");
    String requestId = next().headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
    post("invocation/" + requestId + "/response", "{}", null);
    invocation.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(post("invocation/" + requestId + "/response", "{}", null).statusCode())
        .isEqualTo(400);
    assertThat(post("invocation/no-such-id/error", "{}", null).statusCode()).isEqualTo(400);
    assertThat(api.protocolViolations()).hasSize(2)
        .allSatisfy(violation -> assertThat(violation).contains("no invocation in flight"));
  }

  @Test
  void shouldFailTheWaitingAndLaterInvocationsWithAnInitError() throws Exception {
    CompletableFuture<Invocation> waiting = invokeAsync("{}");
    String error = "{\"errorMessage\":\"no such function\",\"errorType\":\"java.lang.X\"}";

    assertThat(post("init/error", error, "Runtime.BadFunctionCode").statusCode()).isEqualTo(202);

    Invocation first = waiting.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(first.outcome()).isEqualTo(Outcome.INIT_ERROR);
    assertThat(first.errorType()).isEqualTo("Runtime.BadFunctionCode");
    assertThat(first.bodyText()).isEqualTo(error);
    assertThat(api.invoke("{}".getBytes(StandardCharsets.UTF_8), TIMEOUT).outcome())
        .isEqualTo(Outcome.INIT_ERROR);
  }

  @Test
  void shouldFailAWaitingInvocationAtOnceWhenAborted() {
    CompletableFuture<Invocation> waiting = invokeAsync("{}");

    api.abort("The runtime exited with status 1");

    assertThatThrownBy(() -> waiting.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .hasRootCauseMessage("The runtime exited with status 1");
    assertThatThrownBy(() -> api.invoke(new byte[0], TIMEOUT))
        .hasMessage("The runtime exited with status 1");
  }

  @Test
  void shouldTimeOutSayingWhetherTheRuntimeFetchedTheEvent() {
    assertThatThrownBy(() -> api.invoke(new byte[0], Duration.ofMillis(200)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("within 200 ms; the runtime had not fetched the event");
  }

  private CompletableFuture<Invocation> invokeAsync(String event) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return api.invoke(event.getBytes(StandardCharsets.UTF_8), TIMEOUT);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private HttpResponse<String> next() throws Exception {
    return client.send(HttpRequest.newBuilder(uri("invocation/next")).timeout(TIMEOUT).build(),
        BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, String errorType)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
        .POST(BodyPublishers.ofString(body));
    if (errorType != null) {
      request.header("Lambda-Runtime-Function-Error-Type", errorType);
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://" + api.address() + "/2018-06-01/runtime/" + path);
  }
}
