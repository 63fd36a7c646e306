package org.musicanalytics.lambdalocal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar, in its own JVM as the {@code music-analytics} script runs it for
 * {@code music-analytics lambda-local}: every dependency is inside.
 */
class LambdaLocalJarIT {

  private record Process(int exitCode, String out, String err) {}

  private static Process java(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("lambdaLocalJar", "target/lambda-local.jar"));
    assertThat(jar).isRegularFile();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString()));
    command.addAll(List.of(args));
    java.lang.Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Process(process.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void shouldShowItsUsageAsMusicAnalyticsLambdaLocal() throws Exception {
    Process help = java("--help");

    assertThat(help.exitCode()).as(help.err()).isZero();
    assertThat(help.out()).startsWith("Usage: music-analytics lambda-local [-h] [--quiet] "
        + "[--warm] [--bind=HOST]").contains("--template=FILE", "Exit codes:");
  }

  @Test
  void shouldReportAUsageErrorInOneLine() throws Exception {
    Process run = java("--port", "70000");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("music-analytics lambda-local: --port must be from 0 to "
        + "65535, was 70000" + System.lineSeparator()
        + "Run 'music-analytics lambda-local --help' for usage." + System.lineSeparator());
  }
}
