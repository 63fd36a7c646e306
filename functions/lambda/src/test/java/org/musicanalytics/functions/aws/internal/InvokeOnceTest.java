package org.musicanalytics.functions.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A function's jar started as a user starts it ({@code java -jar x-aws.jar EVENT.json}),
 * in a JVM of its own, without saying which function to run: one line saying so.
 */
class InvokeOnceTest {

  @Test
  void shouldSayInOneLineThatTheFunctionDefinitionIsMissing() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), InvokeOnce.class.getName(),
        "event.json"));
    builder.environment().remove("SPRING_CLOUD_FUNCTION_DEFINITION");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(err).isEqualTo(2);
    assertThat(err).isEqualTo(InvokeOnce.NO_DEFINITION + System.lineSeparator())
        .startsWith("SPRING_CLOUD_FUNCTION_DEFINITION is not set: ");
    assertThat(out).isEmpty();
  }

  @Test
  void shouldTakeTheDefinitionFromTheEnvironment() {
    assertThat(InvokeOnce.missingDefinition(java.util.Map.of(
        "SPRING_CLOUD_FUNCTION_DEFINITION", "aggregateStream"))).isFalse();
    assertThat(InvokeOnce.missingDefinition(java.util.Map.of(
        "SPRING_CLOUD_FUNCTION_DEFINITION", " "))).isTrue();
  }
}
