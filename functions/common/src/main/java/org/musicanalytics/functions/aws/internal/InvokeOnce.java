package org.musicanalytics.functions.aws.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Runs one Lambda invocation the way the Java runtime does, without the runtime:
 * constructs {@link FunctionInvoker} (starting the Spring context) and passes it one event.
 * The main class of every {@code -aws.jar}, so a fresh JVM can be timed from start to
 * first response:
 *
 * <pre>
 * SPRING_CLOUD_FUNCTION_DEFINITION=aggregateStream \
 *     java -jar functions/mapreduce/target/functions-mapreduce-0.1.0-SNAPSHOT-aws.jar \
 *     events/aggregateStream.json
 * </pre>
 *
 * <p>The function's JSON response is the only thing written to standard output; Spring's
 * console logging goes to standard error. A failed invocation exits with status 1.
 */
public final class InvokeOnce {

  private InvokeOnce() {}

  /**
   * Invokes {@code invoker} with one event.
   *
   * @return the bytes the function wrote, as Lambda would return them
   */
  public static byte[] invoke(FunctionInvoker invoker, byte[] event) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    // The adapter tolerates a null Context (it only warns); nothing here reads one.
    invoker.handleRequest(new ByteArrayInputStream(event), output, null);
    return output.toByteArray();
  }

  /** @param args the event file, or {@code -} for standard input */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: java -jar <function>-aws.jar EVENT.json|-"
          + "  (function from SPRING_CLOUD_FUNCTION_DEFINITION)");
      System.exit(2);
    }
    PrintStream stdout = System.out;
    // Keep standard output for the response alone: Spring logs to System.out.
    System.setOut(System.err);
    try {
      byte[] event = args[0].equals("-")
          ? System.in.readAllBytes() : Files.readAllBytes(Path.of(args[0]));
      byte[] response = invoke(new FunctionInvoker(), event);
      stdout.write(response);
      stdout.println();
      stdout.flush();
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
}
