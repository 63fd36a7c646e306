package org.musicanalytics.lambdalocal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Test handler with FunctionInvoker's shape (a constructor taking the function
 * definition, {@code handleRequest(in, out, context)}) whose definition scripts what it
 * does: {@code echo}, {@code fail:MESSAGE}, {@code sleep:MILLIS}, {@code big:BYTES} (an
 * answer that large), {@code init-fail:MESSAGE} or {@code reset-logging} (resets the JDK's
 * logging at init, as Spring Boot's logging set-up does). It uses only {@code java.*}, so it
 * runs alone in a jar under the platform class loader, as the endpoint loads functions.
 */
public class ScriptedHandler {

  private final String definition;

  public ScriptedHandler(String definition) {
    if (definition.startsWith("init-fail:")) {
      throw new IllegalStateException(definition.substring("init-fail:".length()));
    }
    if (definition.equals("reset-logging")) {
      java.util.logging.LogManager.getLogManager().reset();
    }
    this.definition = definition;
  }

  public void handleRequest(InputStream in, OutputStream out, Object context)
      throws IOException, InterruptedException {
    byte[] request = in.readAllBytes();
    String argument = definition.substring(definition.indexOf(':') + 1);
    if (definition.startsWith("fail:")) {
      throw new IllegalArgumentException(argument);
    }
    if (definition.startsWith("sleep:")) {
      Thread.sleep(Long.parseLong(argument));
    }
    if (definition.startsWith("big:")) {
      byte[] answer = new byte[Integer.parseInt(argument)];
      java.util.Arrays.fill(answer, (byte) ' ');
      answer[0] = '"';
      answer[answer.length - 1] = '"';
      out.write(answer);
      return;
    }
    out.write(("{\"echo\":" + request.length + ",\"context\":\"" + context + "\"}")
        .getBytes(StandardCharsets.UTF_8));
  }
}
