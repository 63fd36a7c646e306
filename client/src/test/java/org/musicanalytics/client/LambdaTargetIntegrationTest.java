package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.pipeline.RandomRecords;
import org.musicanalytics.lambdalocal.LocalLambdaEndpoint;
import org.musicanalytics.lambdalocal.RealFunctions;
import org.musicanalytics.lambdalocal.SamTemplate;
import org.musicanalytics.lambdalocal.ScriptedFunctions;
import org.musicanalytics.proto.StreamRecord;

/**
 * {@code run --target lambda} through the AWS SDK against local Invoke API endpoints: the
 * real functions on their shaded jars (results equal the embedded target's), scripted
 * functions for function errors and timeouts, and plain HTTP servers answering as a
 * throttled or hanging Lambda would, or throttling first and then passing the invokes on
 * to the real functions.
 */
class LambdaTargetIntegrationTest {

  @TempDir
  static Path shared;

  @TempDir
  Path directory;

  private static Path input;
  private static LocalLambdaEndpoint scripted;

  @BeforeAll
  static void start() throws IOException {
    // Enough users, songs and awkward names that small budgets need many shards.
    List<StreamRecord> records = new ArrayList<>(
        RandomRecords.plays(new Random(42), 600, 80, 60));
    input = TestCsv.write(shared.resolve("plays.csv"), records);
    scripted = LocalLambdaEndpoint.startOnLoopback(readTemplate(
        ScriptedFunctions.write(Files.createDirectories(shared.resolve("scripted")))), 0);
  }

  @AfterAll
  static void stop() {
    scripted.close();
  }

  private static SamTemplate readTemplate(Path file) throws IOException {
    try {
      return SamTemplate.read(file);
    } catch (SamTemplate.TemplateException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private Path results() {
    return directory.resolve("results");
  }

  private CliRun run(String... targetArgs) throws IOException {
    // An earlier run's file, which a failed run leaves as it is.
    Files.createDirectories(results());
    Files.writeString(results().resolve("run_grpc_metrics.json"), "{\"earlier\":true}");
    List<String> args = new ArrayList<>(List.of("run", "--quiet", "--input", input.toString(),
        "--results", results().toString()));
    args.addAll(List.of(targetArgs));
    return CliRun.run(Map.of(), args.toArray(String[]::new));
  }

  /**
   * A Lambda run calling the three stages' functions (--no-fused): the failures below are
   * the separate stages'; {@code --fused} in {@code more} calls ShardAnalysis instead.
   */
  private CliRun lambda(String endpoint, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("--target", "lambda", "--endpoint-url",
        endpoint));
    if (!List.of(more).contains("--fused")) {
      args.add("--no-fused");
    }
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private void assertFailedWithoutResults(CliRun run, String expectedStart) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).as(run.toString()).startsWith(expectedStart).hasLineCount(1);
    assertThat(results().resolve("run_grpc_metrics.json")).hasContent("{\"earlier\":true}");
    assertThat(results().resolve("runs")).isEmptyDirectory();
  }

  @Test
  void shouldGiveTheEmbeddedTargetsResultsOverManyShards() throws Exception {
    CliRun embedded = run("--target", "embedded");
    assertThat(embedded.exitCode()).as(embedded.toString()).isZero();
    JsonObject expected = CliRun.readResults(results());

    CliRun lambda = lambda(RealFunctions.endpoint().endpoint().toString(),
        "--shard-bytes", "8000");

    assertThat(lambda.exitCode()).as(lambda.toString()).isZero();
    JsonObject actual = CliRun.readResults(results());
    assertThat(actual.get("target").getAsString()).isEqualTo("lambda");
    assertThat(actual.get("workflow").getAsString()).isEqualTo("lambda");
    JsonObject shards = actual.getAsJsonObject("performance").getAsJsonObject("shards");
    assertThat(shards.get("records").getAsInt()).isGreaterThan(5);
    assertThat(shards.get("users").getAsInt()).isGreaterThan(1);
    assertThat(expected.getAsJsonObject("performance").getAsJsonObject("shards")
        .get("records").getAsInt()).isOne();
    assertThat(CliRun.comparable(actual, "target", "workflow"))
        .isEqualTo(CliRun.comparable(expected, "target", "workflow"));
    assertThat(actual.getAsJsonObject("input").get("records_read").getAsInt()).isEqualTo(600);

    // The fused function, one invocation per shard instead of three: the same results.
    CliRun fused = lambda(RealFunctions.endpoint().endpoint().toString(),
        "--shard-bytes", "8000", "--fused");
    assertThat(fused.exitCode()).as(fused.toString()).isZero();
    JsonObject fusedResults = CliRun.readResults(results());
    assertThat(fusedResults.getAsJsonObject("performance").getAsJsonObject("shards")
        .get("records").getAsInt()).isGreaterThan(5);
    assertThat(CliRun.comparable(fusedResults, "target", "workflow"))
        .isEqualTo(CliRun.comparable(expected, "target", "workflow"));
  }

  @Test
  void shouldCallTheFusedFunctionByDefault() throws Exception {
    // The scripted deployment has no ShardAnalysis: a default run asks for it by name.
    CliRun run = run("--target", "lambda", "--endpoint-url", scripted.endpoint().toString());
    assertFailedWithoutResults(run, "music-analytics run: MapReduce stage failed (Lambda "
        + "function ShardAnalysis at " + scripted.endpoint() + ", shard 1 (records 1-600)): "
        + "no such function");
  }

  @Test
  void shouldNameStageShardAndFunctionOfAFunctionError() throws Exception {
    CliRun run = lambda(scripted.endpoint().toString(), "--mapreduce-function", "Echo",
        "--userbehavior-function", "Failing");

    assertFailedWithoutResults(run, "music-analytics run: UserBehavior stage failed (Lambda "
        + "function Failing at " + scripted.endpoint() + ", shard 1 (records 1-600)): "
        + "function error (Unhandled): java.lang.IllegalArgumentException: boom");
  }

  @Test
  void shouldReportAFunctionTimeoutAsItsFunctionError() throws Exception {
    CliRun run = lambda(scripted.endpoint().toString(), "--mapreduce-function", "Slow");

    assertFailedWithoutResults(run, "music-analytics run: MapReduce stage failed (Lambda "
        + "function Slow at " + scripted.endpoint() + ", shard 1 (records 1-600)): "
        + "function error (Unhandled): Sandbox.Timedout: ");
    assertThat(run.err()).contains("Task timed out after 1.00 seconds");
  }

  @Test
  void shouldNameAMissingFunctionAndHowToNameIt() throws Exception {
    CliRun run = lambda(scripted.endpoint().toString(), "--mapreduce-function", "Echo",
        "--userbehavior-function", "Echo", "--genre-function", "Nope");

    assertFailedWithoutResults(run, "music-analytics run: GenreAnalysis stage failed (Lambda "
        + "function Nope at " + scripted.endpoint() + ", shard 1 (records 1-600)): no such "
        + "function (ResourceNotFoundException: Function not found: Nope");
    assertThat(run.err())
        .contains("); name it with --genre-function or GENRE_ANALYSIS_FUNCTION");
  }

  @Test
  void shouldRetryThrottledInvokesAndGiveTheEmbeddedTargetsResults() throws Exception {
    CliRun embedded = run("--target", "embedded");
    assertThat(embedded.exitCode()).as(embedded.toString()).isZero();
    JsonObject expected = CliRun.readResults(results());
    LocalLambdaEndpoint functions = RealFunctions.endpoint();
    // Throttles the first invokes as Lambda does, then forwards to the real functions.
    AtomicInteger throttled = new AtomicInteger();
    AtomicInteger forwarded = new AtomicInteger();
    HttpClient http = HttpClient.newHttpClient();
    HttpServer front = server(exchange -> {
      if (throttled.incrementAndGet() <= 3) {
        throttle(exchange, "ConcurrentInvocationLimitExceeded");
        return;
      }
      forwarded.incrementAndGet();
      forward(http, functions.endpoint(), exchange);
    });
    try {
      CliRun lambda = lambda(endpoint(front), "--shard-bytes", "8000", "--retries", "4",
          "--retry-delay", "0.05");

      assertThat(lambda.exitCode()).as(lambda.toString()).isZero();
      assertThat(CliRun.comparable(CliRun.readResults(results()), "target", "workflow"))
          .isEqualTo(CliRun.comparable(expected, "target", "workflow"));
      assertThat(forwarded.get()).as("invokes answered").isGreaterThan(3);
    } finally {
      front.stop(0);
    }
  }

  @Test
  void shouldReportThrottlingThatNeverEndsAfterTheRetries() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer throttled = server(exchange -> {
      calls.incrementAndGet();
      throttle(exchange, "ReservedFunctionConcurrentInvocationLimitExceeded");
    });
    try {
      CliRun run = lambda(endpoint(throttled), "--concurrency", "1", "--retries", "2",
          "--retry-delay", "0.01");

      assertFailedWithoutResults(run, "music-analytics run: MapReduce stage failed (Lambda "
          + "function MapReduce at " + endpoint(throttled) + ", shard 1 (records 1-600)): "
          + "after 3 attempts: throttled by Lambda (TooManyRequestsException, "
          + "ReservedFunctionConcurrentInvocationLimitExceeded: Rate Exceeded.); try again "
          + "later or raise the function's concurrency limit");
      // Our retries, and no more: the SDK's own are off.
      assertThat(calls.get()).isEqualTo(3);
    } finally {
      throttled.stop(0);
    }
  }

  /** Answers as a throttled Lambda does: 429 and the TooManyRequestsException document. */
  private static void throttle(HttpExchange exchange, String reason) throws IOException {
    byte[] body = ("{\"Type\":\"User\",\"message\":\"Rate Exceeded.\","
        + "\"Reason\":\"" + reason + "\"}").getBytes(StandardCharsets.UTF_8);
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().set("X-Amzn-ErrorType", "TooManyRequestsException");
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(429, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  /** Passes the request on to {@code target} and its answer back, headers included. */
  private static void forward(HttpClient http, java.net.URI target, HttpExchange exchange)
      throws IOException {
    byte[] request = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder builder = HttpRequest.newBuilder(
        target.resolve(exchange.getRequestURI().toString()))
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(request));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        values.forEach(value -> builder.header(name, value));
      }
    });
    HttpResponse<byte[]> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    response.headers().map().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    exchange.sendResponseHeaders(response.statusCode(),
        response.body().length == 0 ? -1 : response.body().length);
    exchange.getResponseBody().write(response.body());
    exchange.close();
  }

  /** Headers of one connection, which the HTTP clients and servers set themselves. */
  private static final java.util.Set<String> HOP_HEADERS = java.util.Set.of("host",
      "connection", "content-length", "transfer-encoding", "expect", "upgrade", "date",
      "keep-alive");

  @Test
  void shouldGiveUpAtTheCallTimeout() throws Exception {
    HttpServer hanging = server(exchange -> {
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    try {
      long start = System.nanoTime();
      CliRun run = lambda(endpoint(hanging), "--call-timeout", "0.5");

      assertFailedWithoutResults(run, "music-analytics run: MapReduce stage failed (Lambda "
          + "function MapReduce at " + endpoint(hanging) + ", shard 1 (records 1-600)): no "
          + "answer within the call timeout of 0.5 s (--call-timeout, which covers the call "
          + "and its retries)");
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
    } finally {
      hanging.stop(0);
    }
  }

  @Test
  void shouldReportAnUnreachableEndpoint() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CliRun run = lambda("http://127.0.0.1:" + closedPort, "--retries", "1", "--retry-delay",
        "0.01");

    assertFailedWithoutResults(run, "music-analytics run: MapReduce stage failed (Lambda "
        + "function MapReduce at http://127.0.0.1:" + closedPort + ", shard 1 (records "
        + "1-600)): after 2 attempts: Unable to execute HTTP request: ");
    assertThat(run.err()).contains("Connection refused");
  }

  @Test
  void shouldRefuseLambdaOptionsForOtherTargetsAndBudgetsOverTheLimit() throws Exception {
    CliRun endpointForGrpc = run("--target", "embedded", "--endpoint-url", "http://127.0.0.1:1");
    assertThat(endpointForGrpc.exitCode()).isEqualTo(2);
    assertThat(endpointForGrpc.err()).startsWith("music-analytics run: --endpoint-url and the "
        + "--*-function options apply only to --target lambda");

    CliRun tooBig = run("--target", "lambda", "--shard-bytes", "6291457");
    assertThat(tooBig.exitCode()).isEqualTo(2);
    assertThat(tooBig.err()).startsWith("music-analytics run: --shard-bytes must be from 1024 "
        + "to 6291456 (Lambda's payload limit), was 6291457");

    CliRun noScheme = run("--target", "lambda", "--endpoint-url", "localhost:3001");
    assertThat(noScheme.exitCode()).isEqualTo(2);
    assertThat(noScheme.err()).startsWith("music-analytics run: --endpoint-url must be an "
        + "http:// or https:// URL with a host, e.g. http://127.0.0.1:3001, was localhost:3001");
  }

  private static HttpServer server(com.sun.net.httpserver.HttpHandler handler)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", handler);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "test-lambda");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
    return server;
  }

  private static String endpoint(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
