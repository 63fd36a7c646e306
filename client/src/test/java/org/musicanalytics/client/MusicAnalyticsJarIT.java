package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable jar, run in its own JVM as the launcher script runs it: every dependency
 * is inside, and the stages, found through ServiceLoader, survived the merge of
 * {@code META-INF/services}.
 */
class MusicAnalyticsJarIT {

  @TempDir
  Path directory;

  private record Process(int exitCode, String out, String err) {}

  private static Process java(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("musicAnalyticsJar", "target/music-analytics.jar"));
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
  void shouldRunTheSampleFromTheJar() throws Exception {
    Path results = directory.resolve("results");

    Process run = java("run", "--input", CliRun.sampleData().toString(),
        "--results", results.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err().lines()).as("a pipe gets no progress: the run's metrics line, "
        + "then one summary line").hasSize(2);
    assertThat(run.err().lines().findFirst().orElseThrow())
        .startsWith("run_metrics target=embedded records=100 ");
    assertThat(run.err().lines().skip(1).findFirst().orElseThrow())
        .startsWith("music-analytics run: 100 records read, 0 rows rejected, 4 stages in ");
    assertThat(run.out()).contains("Top songs", "Recommendations", "Times (span: ",
        "100 records read, 0 rows rejected");
    assertThat(CliRun.readResults(results).getAsJsonObject("input")
        .get("records_read").getAsLong()).isEqualTo(100);
  }

  @Test
  void shouldPrintTheProjectVersion() throws Exception {
    Process version = java("--version");

    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("music-analytics " + System.getProperty(
        "musicAnalyticsVersion", "0.1.0-SNAPSHOT") + " (Java ");
  }

  @Test
  void shouldOfferRunAndHostCommands() throws Exception {
    Process help = java("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("run", "host");
    assertThat(java("host", "--help").out()).contains("--mapreduce-port");
  }

  @Test
  void shouldLeaveTheLambdaEmulatorToItsOwnJar() throws Exception {
    try (JarFile jar = new JarFile(
        System.getProperty("musicAnalyticsJar", "target/music-analytics.jar"))) {
      assertThat(jar.stream().map(JarEntry::getName))
          .noneMatch(name -> name.startsWith("org/musicanalytics/lambdalocal/")
              || name.endsWith("/LocalLambdaEndpoint.class"));
    }

    Process help = java("--help");
    Process lambdaLocal = java("lambda-local", "--port", "3001");

    assertThat(help.out()).contains("lambda-local  Development tool in a jar of its own");
    assertThat(lambdaLocal.exitCode()).isEqualTo(1);
    assertThat(lambdaLocal.err()).isEqualTo("music-analytics lambda-local: a development tool "
        + "in a jar of its own, not in this one; start it with ./music-analytics lambda-local, "
        + "or java -jar lambda-local/target/lambda-local.jar" + System.lineSeparator());
  }

  @Test
  void shouldExitNonZeroWithOneLineForMissingInput() throws Exception {
    Path missing = directory.resolve("missing.csv");

    Process run = java("run", "--input", missing.toString(),
        "--results", directory.resolve("results").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo(
        "music-analytics run: input file not found: " + missing + System.lineSeparator());
    assertThat(Files.exists(directory.resolve("results/run_grpc_metrics.json"))).isFalse();
  }
}
