package org.musicanalytics.functions.aws.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;

/**
 * The floor of the cold-start benchmark ({@code bench/cold-start.sh}): the same work as
 * a function jar's {@code FunctionInvoker} on a plain invoke, with no Spring at all.
 * proto3 JSON in, the stage named like the template names it, proto3 JSON out.
 *
 * <p>Not what the template deploys: it has none of the adapter's API Gateway handling or
 * error responses. It exists so that the benchmark can say how much of a cold start the
 * Spring Cloud Function path adds over the JVM, protobuf and the stage themselves.
 */
public final class PlainStreamHandler implements RequestStreamHandler {

  /** The variable the template sets, read as {@code FunctionInvoker} reads it. */
  static final String DEFINITION_VARIABLE = "SPRING_CLOUD_FUNCTION_DEFINITION";

  /** The same setting as a system property, which takes precedence as in Spring. */
  static final String DEFINITION_PROPERTY = "spring.cloud.function.definition";

  private final AnalyticsFunction<?, ?> stage;

  /** The stage named by {@value #DEFINITION_PROPERTY} or {@value #DEFINITION_VARIABLE}. */
  public PlainStreamHandler() {
    this(definition());
  }

  /**
   * @param name the stage, e.g. {@code aggregateStream}
   * @throws IllegalArgumentException if this class path has no stage of that name
   */
  public PlainStreamHandler(String name) {
    Map<String, AnalyticsFunction<?, ?>> stages = AnalyticsFunctions.load();
    AnalyticsFunction<?, ?> found = stages.get(name);
    if (found == null) {
      throw new IllegalArgumentException(
          "No function '" + name + "' on this class path; it has " + stages.keySet());
    }
    this.stage = found;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    String json = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    Message request = ProtoJson.read(json, stage.requestType());
    output.write(ProtoJson.print(stage.applyUnchecked(request)).getBytes(StandardCharsets.UTF_8));
  }

  private static String definition() {
    String name = definitionOrNull();
    if (name == null) {
      throw new IllegalStateException("Set " + DEFINITION_VARIABLE
          + " (or system property " + DEFINITION_PROPERTY + ") to the function to run");
    }
    return name;
  }

  /** The function definition as the template sets it, trimmed, or null when unset. */
  static String definitionOrNull() {
    String name = System.getProperty(DEFINITION_PROPERTY, System.getenv(DEFINITION_VARIABLE));
    return name == null || name.isBlank() ? null : name.trim();
  }
}
