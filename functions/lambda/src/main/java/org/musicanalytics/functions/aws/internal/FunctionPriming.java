package org.musicanalytics.functions.aws.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.crac.Context;
import org.crac.Resource;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.cloud.function.json.JsonMapper;
import org.springframework.context.ApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.util.StringUtils;

/**
 * Warms the function before Lambda SnapStart snapshots it, so that a restored execution
 * environment answers its first request at warm speed.
 *
 * <p>A CRaC {@link Resource}: {@link #beforeCheckpoint} invokes the function the way
 * {@code FunctionInvoker} does on a built-in sample request ({@link SampleRequests}), as a
 * plain invoke and as an API Gateway event, and initialises the EMF metrics' library
 * ({@link StageMetrics#preinitialize}), which priming's calls do not reach: they carry no
 * Lambda context, so they write no metrics line. Priming is pure (no network, no files, and the
 * stages keep no state); a priming call that fails fails the checkpoint, and with it the
 * publish, rather than snapshot a function that cannot answer. Registered by
 * {@link PrimingInitializer}; the Spring context holds the bean, since the global CRaC
 * context holds its resources only weakly.
 */
public final class FunctionPriming implements Resource {

  /** Bean name of the priming resource in a function jar's Spring context. */
  public static final String BEAN_NAME = "functionPriming";

  private static final Log logger = LogFactory.getLog(FunctionPriming.class);

  /** The property FunctionInvoker picks its function by. */
  private static final String DEFINITION = "spring.cloud.function.definition";

  private final ApplicationContext context;
  private final AtomicInteger primings = new AtomicInteger();

  FunctionPriming(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> checkpoint) throws Exception {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> restore) {
    // Nothing to reopen: priming holds no connection or file.
  }

  /**
   * Invokes the function on its sample request, as a plain invoke and as an API Gateway
   * event.
   *
   * @return the plain invoke's response bytes, or {@code null} when there is no single
   *     stage to prime (no definition, or one that is not a stage of this jar)
   * @throws IllegalStateException if the function fails on the sample or answers in the
   *     wrong shape
   */
  public byte[] prime() throws IOException {
    String definition = context.getEnvironment().getProperty(DEFINITION);
    if (!StringUtils.hasText(definition)) {
      logger.info("No " + DEFINITION + ": nothing to prime before a checkpoint");
      return null;
    }
    AnalyticsFunction<?, ?> stage =
        AnalyticsFunctions.load(context.getClassLoader()).get(definition.trim());
    if (stage == null) {
      logger.info("'" + definition + "' is not one stage of this jar: nothing to prime");
      return null;
    }
    long start = System.nanoTime();
    FunctionInvocationWrapper function =
        context.getBean(FunctionCatalog.class).lookup(stage.name(), "application/json");
    JsonMapper jsonMapper = context.getBean(JsonMapper.class);
    byte[] request = ProtoJson.print(SampleRequests.of(stage.requestType()))
        .getBytes(StandardCharsets.UTF_8);

    byte[] plain = invoke(function, jsonMapper, request);
    try {
      ProtoJson.read(new String(plain, StandardCharsets.UTF_8), stage.responseType());
    } catch (IOException e) {
      throw new IllegalStateException("Priming " + stage.name() + ": the plain invoke of its "
          + "sample answered " + new String(plain, StandardCharsets.UTF_8), e);
    }
    byte[] proxy = invoke(function, jsonMapper, apiGatewayEvent(jsonMapper, stage.name(), request));
    Map<?, ?> proxyResponse = jsonMapper.fromJson(proxy, Map.class);
    Object status = proxyResponse == null ? null : proxyResponse.get("statusCode");
    // A number whichever JSON mapper read it (Gson reads 200 as 200.0).
    if (!(status instanceof Number code) || code.doubleValue() != 200) {
      throw new IllegalStateException("Priming " + stage.name() + ": the API Gateway event of "
          + "its sample answered " + new String(proxy, StandardCharsets.UTF_8));
    }
    StageMetrics.preinitialize();
    primings.incrementAndGet();
    if (logger.isInfoEnabled()) {
      logger.info(String.format("Primed %s on a sample request (plain invoke and API Gateway "
          + "event) in %.0f ms", stage.name(), (System.nanoTime() - start) / 1e6));
    }
    return plain;
  }

  /** How many times {@link #prime} has run the function to the end. */
  public int primings() {
    return primings.get();
  }

  /** What {@code FunctionInvoker.handleRequest} does with one event, minus the streams. */
  private static byte[] invoke(FunctionInvocationWrapper function, JsonMapper jsonMapper,
      byte[] event) throws IOException {
    Message<?> message = AWSLambdaUtils.generateMessage(new ByteArrayInputStream(event),
        function.getInputType(), function.isSupplier(), jsonMapper, null);
    Object result = function.apply(message);
    Type outputType = function.getOutputType();
    return AWSLambdaUtils.generateOutputFromObject(message, result, jsonMapper, outputType);
  }

  /** An HTTP API (payload format 2.0) event POSTing {@code body} to /{@code name}. */
  private static byte[] apiGatewayEvent(JsonMapper jsonMapper, String name, byte[] body) {
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("method", "POST");
    http.put("path", "/" + name);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "2.0");
    event.put("routeKey", "POST /" + name);
    event.put("rawPath", "/" + name);
    event.put("headers", Map.of("content-type", "application/json"));
    event.put("requestContext", Map.of("http", http));
    event.put("body", new String(body, StandardCharsets.UTF_8));
    event.put("isBase64Encoded", false);
    return jsonMapper.toJson(event);
  }
}
