package org.musicanalytics.lambdalocal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;

class LambdaLocalCommandTest {

  @TempDir
  Path directory;

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = LambdaLocalCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return new Result(commandLine.execute(args), out.toString(), err.toString());
  }

  @Test
  void shouldServeTheTemplateUntilInterrupted() throws Exception {
    Path template = ScriptedFunctions.write(directory);
    StringWriter out = new StringWriter();
    CommandLine commandLine = LambdaLocalCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    AtomicInteger exitCode = new AtomicInteger(-1);
    Thread serving = new Thread(() -> exitCode.set(commandLine.execute(
        "--port", "0", "--template", template.toString())));
    serving.start();
    try {
      URI endpoint = null;
      for (int i = 0; i < 200 && endpoint == null; i++) {
        Matcher url = Pattern.compile("Lambda Invoke API at (\\S+) for").matcher(out.toString());
        if (url.find()) {
          endpoint = URI.create(url.group(1));
        } else {
          Thread.sleep(50);
        }
      }
      assertThat(endpoint).as(out.toString()).isNotNull();
      assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
      assertThat(out.toString()).contains("  Failing ").contains("fail:boom");

      try (LambdaClient client = LocalSdkClients.create(endpoint,
          Duration.ofSeconds(10))) {
        assertThat(client.invoke(r -> r.functionName("Echo")
            .payload(SdkBytes.fromUtf8String("{}"))).payload().asUtf8String())
            .startsWith("{\"echo\":2");
      }
      // One line per invocation.
      assertThat(out.toString()).containsPattern("Echo [0-9a-f-]+: 2 bytes -> \\d+ bytes");
    } finally {
      serving.interrupt();
      serving.join(10_000);
    }
    assertThat(serving.isAlive()).isFalse();
    assertThat(exitCode.get()).isZero();
  }

  @Test
  void shouldNotStartWithoutTheFunctionsCode() throws Exception {
    Path template = ScriptedFunctions.write(directory);
    Files.delete(directory.resolve("scripted.jar"));

    Result result = run("--port", "0", "--template", template.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("music-analytics lambda-local: the code of 6 "
        + "function(s) of " + template + " is missing (Echo: ")
        .endsWith("; build the jars with ./mvnw package\n");
  }

  @Test
  void shouldSayThePortIsInUse() throws Exception {
    Path template = ScriptedFunctions.write(directory);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result result = run("--port", Integer.toString(taken.getLocalPort()), "--template",
          template.toString());

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err()).isEqualTo("music-analytics lambda-local: port "
          + taken.getLocalPort() + " on 127.0.0.1 is in use: choose another with --port\n");
    }
  }

  @Test
  void shouldNotStartWithoutATemplate() {
    Result result = run("--template", directory.resolve("none.yaml").toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("music-analytics lambda-local: template not found: "
        + directory.resolve("none.yaml") + "\n");
  }

  @Test
  void shouldRefuseAPortOutOfRange() {
    Result result = run("--port", "70000");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("music-analytics lambda-local: --port must be from 0 "
        + "to 65535, was 70000");
  }
}
