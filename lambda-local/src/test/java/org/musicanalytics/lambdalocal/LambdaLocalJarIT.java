package org.musicanalytics.lambdalocal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar, in its own JVM as the {@code music-analytics} script runs it for
 * {@code music-analytics lambda-local}: every dependency is inside.
 */
class LambdaLocalJarIT {

  @TempDir
  Path directory;

  private record Exited(int exitCode, String out, String err) {}

  /** {@code java -jar lambda-local.jar args}, its output kept in files until it exits. */
  private Exited java(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("lambdaLocalJar", "target/lambda-local.jar"));
    assertThat(jar).isRegularFile();
    Path out = directory.resolve("out.txt");
    Path err = directory.resolve("err.txt");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    process.getOutputStream().close();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Exited(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void shouldShowItsUsageAsMusicAnalyticsLambdaLocal() throws Exception {
    Exited help = java("--help");

    assertThat(help.exitCode()).as(help.err()).isZero();
    assertThat(help.out()).startsWith("Usage: music-analytics lambda-local [-h] [--quiet] "
        + "[--warm] [--bind=HOST]").contains("--template=FILE", "Exit codes:");
  }

  @Test
  void shouldReportAUsageErrorInOneLine() throws Exception {
    Exited run = java("--port", "70000");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("music-analytics lambda-local: --port must be from 0 to "
        + "65535, was 70000" + System.lineSeparator()
        + "Run 'music-analytics lambda-local --help' for usage." + System.lineSeparator());
  }
}
