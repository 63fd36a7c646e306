package org.musicanalytics.functions.aws.internal;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs one Lambda invocation the way the Java runtime does, without the runtime:
 * constructs the handler (for {@code FunctionInvoker}, starting the Spring context) and
 * passes it one event. The main class of every {@code -aws.jar}, so that
 * {@code bench/cold-start.sh} can time a fresh JVM from start to first response:
 *
 * <pre>
 * SPRING_CLOUD_FUNCTION_DEFINITION=aggregateStream \
 *     java -jar functions/mapreduce/target/functions-mapreduce-0.1.0-SNAPSHOT-aws.jar \
 *     events/aggregateStream.json
 * </pre>
 *
 * <p>The response is the only thing written to standard output; a failed invocation exits
 * with status 1. The {@code *_PROPERTY} constants are the benchmark's switches.
 */
public final class InvokeOnce {

  /**
   * System property naming the {@link RequestStreamHandler} class to construct: by default
   * {@code FunctionInvoker}, the template's handler; {@link PlainStreamHandler} is the
   * no-Spring floor.
   */
  public static final String HANDLER_PROPERTY = "invoke.handler";

  /**
   * System property: {@code true} runs the Lambda runtime's CRaC hooks between construction
   * and the request, as the runtime does around a SnapStart snapshot. Needs the runtime
   * interface client on the class path and
   * {@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}, as on Lambda.
   */
  public static final String CHECKPOINT_PROPERTY = "invoke.checkpoint";

  /**
   * System property: {@code true} prints to standard error the JVM uptime when the handler
   * was ready and when the response was written, in milliseconds.
   */
  public static final String TIMING_PROPERTY = "invoke.timing";

  /** The Lambda runtime's CRaC core, from the runtime interface client. */
  static final String LAMBDA_CRAC_CORE = "com.amazonaws.services.lambda.crac.Core";

  /** The template's handler; named, not referenced, so the floor loads no Spring class. */
  static final String FUNCTION_INVOKER =
      "org.springframework.cloud.function.adapter.aws.FunctionInvoker";

  /** The one line for a jar started without saying which function to run. */
  static final String NO_DEFINITION = "SPRING_CLOUD_FUNCTION_DEFINITION is not set: name the "
      + "function this jar runs, e.g. SPRING_CLOUD_FUNCTION_DEFINITION=aggregateStream (each "
      + "function's Environment in template.yaml says which)";

  private InvokeOnce() {}

  /**
   * Whether neither {@code SPRING_CLOUD_FUNCTION_DEFINITION} nor the system property
   * {@code spring.cloud.function.definition} names a function.
   */
  static boolean missingDefinition(Map<String, String> environment) {
    String variable = environment.get("SPRING_CLOUD_FUNCTION_DEFINITION");
    String property = System.getProperty("spring.cloud.function.definition");
    return (variable == null || variable.isBlank()) && (property == null || property.isBlank());
  }

  /**
   * Invokes {@code handler} with one event.
   *
   * @return the bytes the function wrote, as Lambda would return them
   */
  public static byte[] invoke(RequestStreamHandler handler, byte[] event) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), output,
        LocalContext.fromEnvironment());
    return output.toByteArray();
  }

  /** @param args the event file, or {@code -} for standard input */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: java -jar <function>-aws.jar EVENT.json|-"
          + "  (function from SPRING_CLOUD_FUNCTION_DEFINITION)");
      System.exit(2);
    }
    String handlerClass = System.getProperty(HANDLER_PROPERTY, FUNCTION_INVOKER);
    if (handlerClass.equals(FUNCTION_INVOKER) && missingDefinition(System.getenv())) {
      // FunctionInvoker would fail with a NullPointerException that names nothing.
      System.err.println(NO_DEFINITION);
      System.exit(2);
    }
    PrintStream stdout = System.out;
    // Keep standard output for the response alone: Spring logs to System.out.
    System.setOut(System.err);
    try {
      byte[] event = args[0].equals("-")
          ? System.in.readAllBytes() : Files.readAllBytes(Path.of(args[0]));
      RequestStreamHandler handler = newHandler(handlerClass);
      if (Boolean.getBoolean(CHECKPOINT_PROPERTY)) {
        runCheckpointHooks();
      }
      long ready = System.nanoTime();
      byte[] response = invoke(handler, event);
      stdout.write(response);
      stdout.println();
      stdout.flush();
      long answered = System.nanoTime();
      if (Boolean.getBoolean(TIMING_PROPERTY)) {
        printTiming(ready, answered);
      }
    } catch (NoSuchFileException e) {
      System.err.println("Event file not found: " + e.getFile());
      System.exit(1);
    } catch (Exception e) {
      System.err.println("Invocation failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
    // Spring's context holds non-daemon threads; one invocation is all this main does.
    System.exit(0);
  }

  /**
   * What the Lambda runtime does around a SnapStart snapshot. By reflection: the runtime
   * interface client is Lambda's, never in a function jar.
   */
  private static void runCheckpointHooks() throws ReflectiveOperationException {
    // The runtime's context clears the DNS cache natively after the hooks: load its library.
    Class.forName("com.amazonaws.services.lambda.runtime.api.client.runtimeapi.JniHelper")
        .getMethod("load").invoke(null);
    Class<?> core = Class.forName(LAMBDA_CRAC_CORE);
    Object context = core.getMethod("getGlobalContext").invoke(null);
    Class<?> contextType = Class.forName("com.amazonaws.services.lambda.crac.Context");
    contextType.getMethod("beforeCheckpoint", contextType).invoke(context, (Object) null);
    contextType.getMethod("afterRestore", contextType).invoke(context, (Object) null);
  }

  private static RequestStreamHandler newHandler(String className)
      throws ReflectiveOperationException {
    return Class.forName(className).asSubclass(RequestStreamHandler.class)
        .getDeclaredConstructor().newInstance();
  }

  /**
   * JVM uptimes of two {@link System#nanoTime} marks. Read only after the response, so
   * that loading the management classes is not part of what is timed.
   */
  private static void printTiming(long ready, long answered) {
    long now = System.nanoTime();
    double uptimeNow = ManagementFactory.getRuntimeMXBean().getUptime();
    double readyMs = uptimeNow - (now - ready) / 1e6;
    double answeredMs = uptimeNow - (now - answered) / 1e6;
    System.err.printf("invoke-once timing: ready_ms=%.0f response_ms=%.0f first_request_ms=%.1f%n",
        readyMs, answeredMs, answeredMs - readyMs);
  }
}
