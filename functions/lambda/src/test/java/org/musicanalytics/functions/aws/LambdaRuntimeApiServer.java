package org.musicanalytics.functions.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) on a loopback port, the side of Lambda a
 * runtime talks to: a runtime in another process, pointed here by
 * {@code AWS_LAMBDA_RUNTIME_API=}{@link #address()}, long-polls
 * {@code GET /2018-06-01/runtime/invocation/next} for an event and posts the outcome to
 * {@code /invocation/{id}/response} or {@code /invocation/{id}/error}; a runtime that
 * cannot load its function posts {@code /init/error}.
 *
 * <p>{@link #invoke} queues one event and waits for its outcome, so a test drives the
 * runtime as Lambda's service side would. Requests outside the contract (an unknown path,
 * an unknown or already answered request id) get a 4xx and are kept in
 * {@link #protocolViolations()}, for a test to assert there were none.
 */
public final class LambdaRuntimeApiServer implements AutoCloseable {

  private static final String PREFIX = "/2018-06-01/runtime/";
  private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";
  private static final Pattern INVOCATION_RESULT =
      Pattern.compile(PREFIX + "invocation/([^/]+)/(response|error)");

  /** How an invocation ended. */
  public enum Outcome {
    /** The runtime posted the function's response to {@code /invocation/{id}/response}. */
    RESPONSE,
    /** The runtime posted a function error to {@code /invocation/{id}/error}. */
    FUNCTION_ERROR,
    /** The runtime posted {@code /init/error}: the function never got the event. */
    INIT_ERROR
  }

  /**
   * One finished invocation.
   *
   * @param requestId the id sent in {@code Lambda-Runtime-Aws-Request-Id}
   * @param outcome which endpoint the runtime posted to
   * @param body what it posted: the response, or the error document
   *     ({@code errorMessage}, {@code errorType}, {@code stackTrace})
   * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header of an error
   *     post, null when there was none
   */
  public record Invocation(String requestId, Outcome outcome, byte[] body, String errorType) {

    /** The posted body as UTF-8 text. */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** An event waiting for the runtime, and where its outcome goes. */
  private record Pending(String requestId, byte[] event, long deadlineEpochMillis,
      CompletableFuture<Invocation> result) {}

  private final HttpServer server;
  private final ExecutorService handlers;
  private final String functionArn;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  /** Delivered by {@code /next} and not yet answered. */
  private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final AtomicInteger delivered = new AtomicInteger();
  private volatile Invocation initError;
  private volatile String abortReason;

  private LambdaRuntimeApiServer(HttpServer server, ExecutorService handlers, String functionArn) {
    this.server = server;
    this.handlers = handlers;
    this.functionArn = functionArn;
  }

  /**
   * Starts the API on a free loopback port.
   *
   * @param functionArn what {@code Lambda-Runtime-Invoked-Function-Arn} says
   */
  public static LambdaRuntimeApiServer start(String functionArn) throws IOException {
    // Without it the JDK server's replies wait on Nagle's algorithm and the peer's delayed
    // acknowledgement, twice per invocation. Read once per JVM, when the first server starts.
    if (System.getProperty(NO_DELAY_PROPERTY) == null) {
      System.setProperty(NO_DELAY_PROPERTY, "true");
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // /next blocks its thread until an event is queued, so it needs threads of its own.
    ExecutorService handlers = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "lambda-runtime-api");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(handlers);
    LambdaRuntimeApiServer api = new LambdaRuntimeApiServer(server, handlers, functionArn);
    server.createContext(PREFIX, api::handle);
    server.start();
    return api;
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  public String address() {
    InetSocketAddress address = server.getAddress();
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /**
   * Sends one event to the runtime and waits for its outcome.
   *
   * @param timeout how long the runtime may take, from now; also the deadline it is told
   * @throws TimeoutException when no outcome arrived in time
   */
  public Invocation invoke(byte[] event, Duration timeout)
      throws InterruptedException, TimeoutException {
    Pending pending = new Pending(UUID.randomUUID().toString(), event.clone(),
        System.currentTimeMillis() + timeout.toMillis(), new CompletableFuture<>());
    Invocation failedInit = initError;
    if (failedInit != null) {
      return new Invocation(pending.requestId(), Outcome.INIT_ERROR, failedInit.body(),
          failedInit.errorType());
    }
    queue.add(pending);
    // abort() may have drained the queue just before the add.
    String aborted = abortReason;
    if (aborted != null && queue.remove(pending)) {
      throw new IllegalStateException(aborted);
    }
    try {
      return pending.result().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      boolean fetched = !queue.remove(pending);
      inFlight.remove(pending.requestId());
      throw new TimeoutException("No outcome for request " + pending.requestId() + " within "
          + timeout.toMillis() + " ms; the runtime " + (fetched ? "had" : "had not")
          + " fetched the event");
    }
  }

  /**
   * Fails every waiting and later {@link #invoke} at once, e.g. when the runtime process
   * has exited, so that no caller waits out its timeout for a runtime that is gone.
   */
  public void abort(String reason) {
    abortReason = reason;
    IllegalStateException failure = new IllegalStateException(reason);
    for (Pending pending; (pending = queue.poll()) != null; ) {
      pending.result().completeExceptionally(failure);
    }
    inFlight.values().forEach(pending -> pending.result().completeExceptionally(failure));
    inFlight.clear();
  }

  /** How many events the runtime has fetched from {@code /next}. */
  public int deliveredCount() {
    return delivered.get();
  }

  /** Requests outside the Runtime API contract, each as "METHOD path: problem". */
  public synchronized List<String> protocolViolations() {
    return List.copyOf(violations);
  }

  @Override
  public void close() {
    server.stop(0);
    // Interrupts a /next still waiting for an event.
    handlers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Matcher result = INVOCATION_RESULT.matcher(path);
      if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
        next(exchange);
      } else if (method.equals("POST") && result.matches()) {
        Outcome outcome = result.group(2).equals("response")
            ? Outcome.RESPONSE : Outcome.FUNCTION_ERROR;
        Pending pending = inFlight.remove(result.group(1));
        if (pending == null) {
          reject(exchange, 400, "InvalidRequestID", method + " " + path
              + ": no invocation in flight has this id");
          return;
        }
        pending.result().complete(new Invocation(pending.requestId(), outcome, body,
            errorType(exchange)));
        accept(exchange);
      } else if (method.equals("POST") && path.equals(PREFIX + "init/error")) {
        Invocation failure = new Invocation(null, Outcome.INIT_ERROR, body, errorType(exchange));
        initError = failure;
        accept(exchange);
        // Lambda fails the invocation that started the environment with the init error.
        for (Pending pending; (pending = queue.poll()) != null; ) {
          pending.result().complete(new Invocation(pending.requestId(), Outcome.INIT_ERROR,
              body, failure.errorType()));
        }
      } else {
        reject(exchange, 404, "NotFound", method + " " + path + ": not a Runtime API endpoint");
      }
    } catch (InterruptedException e) {
      // close() while /next waited: the runtime is being torn down.
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private void next(HttpExchange exchange) throws IOException, InterruptedException {
    Pending pending = queue.take();
    inFlight.put(pending.requestId(), pending);
    delivered.incrementAndGet();
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId());
    headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(pending.deadlineEpochMillis()));
    headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
    headers.set("Lambda-Runtime-Trace-Id", traceId());
    exchange.sendResponseHeaders(200, pending.event().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(pending.event());
    }
  }

  private static String errorType(HttpExchange exchange) {
    return exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
  }

  private static void accept(HttpExchange exchange) throws IOException {
    send(exchange, 202, "{\"status\":\"OK\"}");
  }

  private void reject(HttpExchange exchange, int status, String errorType, String problem)
      throws IOException {
    synchronized (this) {
      violations.add(problem);
    }
    send(exchange, status, "{\"errorMessage\":\"" + problem.replace("\"", "'")
        + "\",\"errorType\":\"" + errorType + "\"}");
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** An X-Ray trace header in the format Lambda sends. */
  private static String traceId() {
    HexFormat hex = HexFormat.of();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
        + hex.toHexDigits(random.nextLong()).substring(0, 8) + hex.toHexDigits(random.nextLong())
        + ";Parent=" + hex.toHexDigits(random.nextLong()) + ";Sampled=0";
  }
}
