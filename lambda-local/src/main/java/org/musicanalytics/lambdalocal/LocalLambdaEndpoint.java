package org.musicanalytics.lambdalocal;

import com.google.gson.Gson;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.musicanalytics.lambdalocal.SamTemplate.FunctionSpec;
import org.musicanalytics.lambdalocal.internal.IsolatedFunction;
import org.musicanalytics.lambdalocal.internal.IsolatedFunction.FunctionError;

/**
 * The Lambda Invoke API on a local port, serving the functions of a SAM template: what
 * {@code sam local start-lambda} offers, without Docker. The AWS SDK, the AWS CLI and
 * {@code music-analytics run --target lambda --endpoint-url} call it like Lambda itself.
 *
 * <p>Each function runs its template's handler on its {@code CodeUri} jar, isolated in a
 * class loader of its own ({@link IsolatedFunction}); its first call starts it, as a cold
 * start would. Answers, errors and limits follow Lambda's (the README's lambda-local
 * section lists them). Unlike Lambda, all functions share one JVM: the template's JVM
 * options do not apply, only {@code SPRING_CLOUD_FUNCTION_DEFINITION} and
 * {@code MAIN_CLASS} reach the functions, and a timed-out call is answered at its timeout
 * but its thread is not killed.
 */
public final class LocalLambdaEndpoint implements AutoCloseable {

  /** Lambda's synchronous payload limit, request and response: 6 MB. */
  public static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

  /** The port {@code sam local start-lambda} uses. */
  public static final int DEFAULT_PORT = 3001;

  private static final String INVOKE_PREFIX = "/2015-03-31/functions/";
  private static final String INVOKE_SUFFIX = "/invocations";
  private static final Gson GSON = new Gson();

  private final HttpServer server;
  private final Map<String, IsolatedFunction> byName;
  private final List<IsolatedFunction> functions;
  private final ExecutorService httpThreads;
  private final ExecutorService invocations;
  private final Consumer<String> callLog;

  private LocalLambdaEndpoint(HttpServer server, List<IsolatedFunction> functions,
      Map<String, IsolatedFunction> byName, Consumer<String> callLog) {
    this.server = server;
    this.functions = functions;
    this.byName = byName;
    this.callLog = callLog;
    this.httpThreads = Executors.newCachedThreadPool(daemons("lambda-local-http"));
    this.invocations = Executors.newCachedThreadPool(daemons("lambda-local-invoke"));
    server.setExecutor(httpThreads);
    server.createContext("/", this::handle);
  }

  /**
   * Serves the template's functions on {@code address} (port 0 picks a free port).
   *
   * @param callLog receives one line per invocation; {@code line -> {}} for none
   * @throws MissingCodeException if a function's {@code CodeUri} does not exist
   * @throws IOException if the address cannot be bound
   */
  public static LocalLambdaEndpoint start(SamTemplate template, InetSocketAddress address,
      Consumer<String> callLog) throws IOException {
    List<String> missing = new ArrayList<>();
    List<IsolatedFunction> functions = new ArrayList<>();
    Map<String, IsolatedFunction> byName = new LinkedHashMap<>();
    for (FunctionSpec spec : template.functions().values()) {
      if (!Files.isRegularFile(spec.codeUri())) {
        missing.add(spec.logicalId() + ": " + spec.codeUri());
      }
      IsolatedFunction function = new IsolatedFunction(spec);
      functions.add(function);
      byName.put(spec.logicalId(), function);
      spec.functionName().ifPresent(name -> byName.putIfAbsent(name, function));
    }
    if (!missing.isEmpty()) {
      throw new MissingCodeException("the code of " + missing.size() + " function(s) of "
          + template.path() + " is missing (" + String.join(", ", missing)
          + "); build the jars with ./mvnw package");
    }
    HttpServer server = HttpServer.create(address, 0);
    LocalLambdaEndpoint endpoint = new LocalLambdaEndpoint(server,
        Collections.unmodifiableList(functions), Collections.unmodifiableMap(byName), callLog);
    server.start();
    return endpoint;
  }

  /** Serves on loopback at {@code port}, logging nothing. */
  public static LocalLambdaEndpoint startOnLoopback(SamTemplate template, int port)
      throws IOException {
    return start(template, new InetSocketAddress("127.0.0.1", port), line -> {});
  }

  /** A function's code is missing: the jars have not been built. */
  public static final class MissingCodeException extends IOException {
    public MissingCodeException(String message) {
      super(message);
    }
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The endpoint URL for the SDK's {@code endpointOverride}, e.g.
   * {@code http://127.0.0.1:3001}.
   */
  public URI endpoint() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
        + address.getPort());
  }

  /** The logical ids of the functions served, in template order. */
  public List<String> functionIds() {
    return functions.stream().map(f -> f.spec().logicalId()).toList();
  }

  /** Every name a function answers to (logical ids and FunctionName properties). */
  public Set<String> names() {
    return byName.keySet();
  }

  /**
   * Starts every function now, concurrently, instead of on its first call, so that no
   * call pays the cold start.
   *
   * @throws IOException naming the first function that failed to start and why
   */
  public void initializeAll() throws IOException {
    List<Future<?>> starts = new ArrayList<>();
    for (IsolatedFunction function : functions) {
      starts.add(invocations.submit(() -> {
        function.initialize();
        return null;
      }));
    }
    for (int i = 0; i < starts.size(); i++) {
      try {
        starts.get(i).get();
      } catch (ExecutionException e) {
        String error = e.getCause() instanceof FunctionError failed
            ? failed.errorType() + ": " + failed.getMessage() : e.getCause().toString();
        throw new IOException(functions.get(i).spec().logicalId() + " failed to start: "
            + error, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting the functions", e);
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      // Read the whole request before answering, even to refuse it: a client still
      // sending a large body would otherwise see a broken connection, not the answer.
      byte[] payload = readAtMost(exchange.getRequestBody(), MAX_PAYLOAD_BYTES);
      String path = exchange.getRequestURI().getRawPath();
      if (!path.startsWith(INVOKE_PREFIX) || !path.endsWith(INVOKE_SUFFIX)
          || path.length() <= INVOKE_PREFIX.length() + INVOKE_SUFFIX.length()) {
        error(exchange, 404, "UnknownOperationException",
            "lambda-local serves only POST " + INVOKE_PREFIX + "{name}" + INVOKE_SUFFIX);
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        error(exchange, 405, "UnknownOperationException", "Invoke is a POST");
        return;
      }
      String name = URLDecoder.decode(path.substring(INVOKE_PREFIX.length(),
          path.length() - INVOKE_SUFFIX.length()), StandardCharsets.UTF_8);
      IsolatedFunction function = byName.get(functionName(name));
      if (function == null) {
        error(exchange, 404, "ResourceNotFoundException", "Function not found: " + name
            + " (this endpoint serves " + String.join(", ", byName.keySet()) + ")");
        return;
      }
      String invocationType = exchange.getRequestHeaders()
          .getFirst("X-Amz-Invocation-Type");
      if ("DryRun".equals(invocationType)) {
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      if (invocationType != null && !invocationType.equals("RequestResponse")) {
        error(exchange, 400, "InvalidParameterValueException",
            "lambda-local serves RequestResponse and DryRun invocations, not " + invocationType);
        return;
      }
      if (payload == null) {
        error(exchange, 413, "RequestEntityTooLargeException", "Request must be smaller than "
            + MAX_PAYLOAD_BYTES + " bytes for the InvokeFunction operation");
        callLog.accept(function.spec().logicalId() + ": request over " + MAX_PAYLOAD_BYTES
            + " bytes refused (413)");
        return;
      }
      invoke(exchange, function, payload);
    }
  }

  private void invoke(HttpExchange exchange, IsolatedFunction function, byte[] payload)
      throws IOException {
    String requestId = UUID.randomUUID().toString();
    FunctionSpec spec = function.spec();
    exchange.getResponseHeaders().set("X-Amzn-RequestId", requestId);
    exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
    long start = System.nanoTime();
    byte[] response;
    try {
      // Init is Lambda's own phase, not counted against the function's timeout.
      function.initialize();
      long deadline = System.currentTimeMillis() + spec.timeoutSeconds() * 1000L;
      Future<byte[]> call = invocations.submit(() -> function.invoke(payload, requestId,
          deadline));
      response = await(call, spec, requestId);
      if (response.length > MAX_PAYLOAD_BYTES) {
        throw new FunctionError("Function.ResponseSizeTooLarge", "Response payload size ("
            + response.length + " bytes) exceeded maximum allowed payload size ("
            + MAX_PAYLOAD_BYTES + " bytes).");
      }
    } catch (FunctionError e) {
      callLog.accept(String.format(Locale.ROOT, "%s %s: %d bytes -> function error %s: %s "
          + "(%.0f ms)", spec.logicalId(), requestId, payload.length, e.errorType(),
          e.getMessage(), (System.nanoTime() - start) / 1e6));
      Map<String, String> body = new LinkedHashMap<>();
      body.put("errorMessage", e.getMessage());
      body.put("errorType", e.errorType());
      exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
      send(exchange, 200, GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
      return;
    }
    callLog.accept(String.format(Locale.ROOT, "%s %s: %d bytes -> %d bytes (%.0f ms)",
        spec.logicalId(), requestId, payload.length, response.length,
        (System.nanoTime() - start) / 1e6));
    send(exchange, 200, response);
  }

  private static byte[] await(Future<byte[]> call, FunctionSpec spec, String requestId)
      throws FunctionError {
    try {
      return call.get(spec.timeoutSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new FunctionError("Sandbox.Timedout", Instant.now() + " " + requestId
          + " Task timed out after " + spec.timeoutSeconds() + ".00 seconds");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof FunctionError error) {
        throw error;
      }
      throw new FunctionError(e.getCause().getClass().getName(),
          String.valueOf(e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel(true);
      throw new FunctionError("Runtime.Interrupted", "the local endpoint is stopping");
    }
  }

  /**
   * The function part of a name as the Invoke API accepts it: {@code MyFunction},
   * {@code MyFunction:alias}, {@code 123456789012:function:MyFunction} or a full ARN; the
   * qualifier (version or alias) is ignored, since only {@code $LATEST} exists locally.
   */
  static String functionName(String name) {
    String[] parts = name.split(":", -1);
    int function = -1;
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equals("function") && i + 1 < parts.length) {
        function = i + 1;
      }
    }
    if (function >= 0) {
      return parts[function];
    }
    return parts[0];
  }

  /**
   * The stream's bytes, or null if there are more than {@code limit}. The rest of a
   * refused body is read and dropped, so the client gets the 413 rather than a broken
   * connection in the middle of sending.
   */
  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    byte[] bytes = in.readNBytes(limit + 1);
    if (bytes.length <= limit) {
      return bytes;
    }
    in.transferTo(OutputStream.nullOutputStream());
    return null;
  }

  /** An Invoke API error as the SDK reads it: the code in X-Amzn-ErrorType. */
  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    exchange.getResponseHeaders().set("X-Amzn-ErrorType", code);
    Map<String, String> body = new LinkedHashMap<>();
    body.put("Type", "User");
    body.put("message", message);
    send(exchange, status, GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Stops serving, then closes every function's class loader. */
  @Override
  public void close() {
    server.stop(0);
    httpThreads.shutdownNow();
    invocations.shutdownNow();
    functions.forEach(IsolatedFunction::close);
  }
}
