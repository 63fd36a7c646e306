package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.host.HostTesting.channel;
import static org.musicanalytics.host.HostTesting.shutdown;
import static org.musicanalytics.host.HostTesting.smallRequest;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class HostCommandTest {

  private static final String[] FREE_PORTS = {
      "--mapreduce-port", "0", "--userbehavior-port", "0",
      "--genre-port", "0", "--recommendation-port", "0", "--metrics-port", "0"};

  private static final Pattern ADDRESS = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

  /** Runs the command to completion, capturing its output. */
  private record Run(int exitCode, String out, String err) {
    static Run of(Map<String, String> env, String... args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = new CommandLine(new HostCommand(env))
          .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
          .execute(args);
      return new Run(code, out.toString(), err.toString());
    }
  }

  @Test
  void shouldDescribeEachPortFlagWithItsStagesVariableAndStandardPort() {
    CommandSpec spec = new CommandLine(new HostCommand(Map.of())).getCommandSpec();
    Map<Stage, String> flags = Map.of(Stage.MAP_REDUCE, "--mapreduce-port",
        Stage.USER_BEHAVIOR, "--userbehavior-port", Stage.GENRE_ANALYSIS, "--genre-port",
        Stage.RECOMMENDATION, "--recommendation-port");

    assertThat(flags).containsOnlyKeys(Stage.values());
    flags.forEach((stage, flag) -> assertThat(
        String.join(" ", spec.findOption(flag).description())).as(flag)
        .contains("look for " + stage.displayName() + ".")
        .contains("Default: $" + stage.portVariable() + ", else " + stage.standardPort()));
  }

  @Test
  void shouldTakeFlagsOverTheEnvironment() {
    HostCommand command = new HostCommand(Map.of(
        "MAPREDUCE_PORT", "6001", "USERBEHAVIOR_PORT", "6003",
        "HOST_MAX_MESSAGE_BYTES", "1000"));
    new CommandLine(command).parseArgs(
        "--bind", "0.0.0.0", "--mapreduce-port", "7001", "--recommendation-port", "7007",
        "--max-message-bytes", "2000");

    HostConfig config = command.config();

    assertThat(config.listenAddresses()).containsExactly(
        new InetSocketAddress("0.0.0.0", 7001), new InetSocketAddress("0.0.0.0", 6003),
        new InetSocketAddress("0.0.0.0", 50055), new InetSocketAddress("0.0.0.0", 7007));
    assertThat(config.maxInboundMessageBytes()).isEqualTo(2000);
  }

  @Test
  void shouldUseTheEnvironmentAndLoopbackWithoutFlags() {
    HostCommand command = new HostCommand(Map.of("GENRE_ANALYSIS_PORT", "6005"));
    new CommandLine(command).parseArgs();

    assertThat(command.config())
        .isEqualTo(HostConfig.fromEnvironment(Map.of("GENRE_ANALYSIS_PORT", "6005")));
    assertThat(command.config().listenAddresses())
        .allSatisfy(a -> assertThat(a.getAddress().isLoopbackAddress()).isTrue());
  }

  @Test
  void shouldExitWithABadSettingErrorNamingTheVariable() {
    Run run = Run.of(Map.of("RECOMMENDATION_PORT", "fifty"));

    assertThat(run.exitCode()).isEqualTo(HostCommand.EXIT_BAD_SETTING);
    assertThat(run.err().strip()).isEqualTo(
        "host: RECOMMENDATION_PORT must be a port number from 0 to 65535, was 'fifty'");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void shouldExitWithABadSettingErrorNamingTheFlag() {
    Run port = Run.of(Map.of(), "--genre-port", "70000");
    Run size = Run.of(Map.of(), "--max-message-bytes", "-1");
    Run bind = Run.of(Map.of(), "--bind", "no-such-host.invalid");

    assertThat(port.exitCode()).isEqualTo(HostCommand.EXIT_BAD_SETTING);
    assertThat(port.err()).contains("--genre-port must be a port number from 0 to 65535");
    assertThat(size.exitCode()).isEqualTo(HostCommand.EXIT_BAD_SETTING);
    assertThat(size.err()).contains("--max-message-bytes must be positive, was -1");
    assertThat(bind.exitCode()).isEqualTo(HostCommand.EXIT_BAD_SETTING);
    assertThat(bind.err()).contains("--bind must be a host name or IP address");
  }

  @Test
  void shouldTakeLimitKeepaliveAndTlsFlagsOverTheEnvironment(@TempDir Path directory)
      throws IOException {
    Path cert = Files.writeString(directory.resolve("host.crt.pem"), "certificate");
    Path key = Files.writeString(directory.resolve("host.key.pem"), "key");
    HostCommand command = new HostCommand(Map.of(
        "HOST_EXECUTOR_THREADS", "3", "HOST_MAX_CONCURRENT_CALLS", "9",
        "HOST_KEEPALIVE_TIME", "30", "HOST_MAX_CONNECTION_AGE", "0",
        "HOST_KEEPALIVE_TIMEOUT", "7"));
    new CommandLine(command).parseArgs("--max-concurrent-calls", "12",
        "--keepalive-timeout", "5", "--max-connection-idle", "0.5",
        "--permit-keepalive-time", "0", "--max-connection-age-grace", "60",
        "--tls-cert", cert.toString(), "--tls-key", key.toString());

    HostConfig config = command.config();

    assertThat(config.callLimits()).isEqualTo(new CallLimits(3, 12));
    assertThat(config.keepalive()).isEqualTo(new Keepalive(Duration.ofSeconds(30),
        Duration.ofSeconds(5), Duration.ZERO, Duration.ofMillis(500), Duration.ZERO,
        Duration.ofSeconds(60)));
    assertThat(config.tls()).isEqualTo(new TlsFiles(cert, key));
  }

  @Test
  void shouldKeepTheEnvironmentsLimitsKeepaliveAndPlaintextWithoutFlags() {
    HostCommand command = new HostCommand(Map.of("HOST_MAX_CONCURRENT_CALLS", "40"));
    new CommandLine(command).parseArgs();

    assertThat(command.config().callLimits().maxConcurrentCalls()).isEqualTo(40);
    assertThat(command.config().keepalive()).isEqualTo(Keepalive.defaults());
    assertThat(command.config().tls()).isNull();
  }

  @Test
  void shouldExitWithABadSettingErrorNamingTheLimitKeepaliveOrTlsFlag(@TempDir Path directory)
      throws IOException {
    Path cert = Files.writeString(directory.resolve("host.crt.pem"), "certificate");
    Run certOnly = Run.of(Map.of(), "--tls-cert", cert.toString());
    Run keyMissing = Run.of(Map.of(), "--tls-cert", cert.toString(),
        "--tls-key", directory.resolve("nothing.pem").toString());
    Run fewerCalls = Run.of(Map.of(), "--executor-threads", "4", "--max-concurrent-calls", "2");
    Run noThreads = Run.of(Map.of(), "--executor-threads", "0");
    Run timeout = Run.of(Map.of(), "--keepalive-timeout", "0");
    Run age = Run.of(Map.of(), "--max-connection-age", "-1");
    Run idle = Run.of(Map.of(), "--max-connection-idle", "soon");

    assertThat(List.of(certOnly, keyMissing, fewerCalls, noThreads, timeout, age, idle))
        .allSatisfy(run -> {
          assertThat(run.exitCode()).isEqualTo(HostCommand.EXIT_BAD_SETTING);
          assertThat(run.out()).isEmpty();
        });
    assertThat(certOnly.err().strip()).isEqualTo("host: --tls-cert and --tls-key go together:"
        + " TLS needs both the certificate and its private key, --tls-cert was given without"
        + " --tls-key");
    assertThat(keyMissing.err()).contains("--tls-key must be a readable PEM file, ")
        .contains("nothing.pem does not exist");
    assertThat(fewerCalls.err().strip()).isEqualTo("host: --max-concurrent-calls (2) must be"
        + " at least --executor-threads (4), or threads sit idle");
    assertThat(noThreads.err().strip())
        .isEqualTo("host: --executor-threads must be a positive number of threads, was 0");
    assertThat(timeout.err().strip()).isEqualTo("host: --keepalive-timeout must be a number"
        + " of seconds above 0 and at most 86400, was 0");
    assertThat(age.err().strip()).isEqualTo("host: --max-connection-age must be a number of"
        + " seconds from 0 (which turns it off) to 86400, was -1");
    assertThat(idle.err().strip()).isEqualTo("host: --max-connection-idle must be a number of"
        + " seconds from 0 (which turns it off) to 86400, was 'soon'");
  }

  @Test
  void shouldExitWithAnErrorNamingTheFilesWhenTheTlsKeyIsUnusable(@TempDir Path directory)
      throws IOException {
    Path cert = Files.writeString(directory.resolve("host.crt.pem"), "not a certificate");
    Path key = Files.writeString(directory.resolve("host.key.pem"), "not a key");
    List<String> args = new ArrayList<>(List.of(FREE_PORTS));
    args.addAll(List.of("--tls-cert", cert.toString(), "--tls-key", key.toString()));

    Run run = Run.of(Map.of(), args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(HostCommand.EXIT_CANNOT_START);
    assertThat(run.err()).startsWith("host: cannot use TLS certificate " + cert
        + " with key " + key + ": ");
  }

  @Test
  void shouldTakeTheMetricsPortFromTheFlagElseTheEnvironmentElseTheDefault() {
    HostCommand flag = new HostCommand(Map.of("HOST_METRICS_PORT", "9000"));
    new CommandLine(flag).parseArgs("--metrics-port", "0");
    HostCommand variable = new HostCommand(Map.of("HOST_METRICS_PORT", " 9000 "));
    new CommandLine(variable).parseArgs();
    HostCommand neither = new HostCommand(Map.of());
    new CommandLine(neither).parseArgs();

    assertThat(flag.metricsPort()).isZero();
    assertThat(variable.metricsPort()).isEqualTo(9000);
    assertThat(neither.metricsPort()).isEqualTo(9464);
    Run bad = Run.of(Map.of("HOST_METRICS_PORT", "metrics"));
    assertThat(bad.exitCode()).isEqualTo(HostCommand.EXIT_BAD_SETTING);
    assertThat(bad.err()).contains("HOST_METRICS_PORT must be a port number from 0 (off) to"
        + " 65535, was \"metrics\"");
  }

  @Test
  void shouldExitWithAnErrorNamingTheAddressWhenAPortIsInUse() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Run run = Run.of(Map.of(), "--mapreduce-port", "0", "--userbehavior-port", "0",
          "--genre-port", Integer.toString(taken.getLocalPort()), "--recommendation-port", "0",
          "--metrics-port", "0");

      assertThat(run.exitCode()).isEqualTo(HostCommand.EXIT_CANNOT_START);
      assertThat(run.err()).startsWith("host: cannot listen on")
          .contains("127.0.0.1:" + taken.getLocalPort())
          .contains("]: a port is in use: choose free ones with --mapreduce-port, "
              + "--userbehavior-port, --genre-port and --recommendation-port");
    }
  }

  @Test
  void shouldServeUntilInterrupted() throws Exception {
    StringWriter out = new StringWriter();
    CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    Thread running = new Thread(() -> exitCode.complete(new CommandLine(new HostCommand(Map.of()))
        .setOut(new PrintWriter(out, true)).execute(FREE_PORTS)));
    running.start();
    try {
      List<InetSocketAddress> addresses =
          addresses(awaitOutput(out.getBuffer(), "listening on"));
      assertThat(addresses).hasSize(4);
      for (InetSocketAddress address : addresses) {
        assertThat(serving(address)).isTrue();
      }
    } finally {
      running.interrupt();
    }
    assertThat(exitCode.get(15, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("music-analytics host stopped");
  }

  @Test
  void shouldServeMetricsOnTheMetricsPortWhileRunning() throws Exception {
    int metricsPort = freePort();
    StringWriter out = new StringWriter();
    CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    Thread running = new Thread(() -> exitCode.complete(new CommandLine(new HostCommand(Map.of()))
        .setOut(new PrintWriter(out, true)).execute("--mapreduce-port", "0",
            "--userbehavior-port", "0", "--genre-port", "0", "--recommendation-port", "0",
            "--metrics-port", Integer.toString(metricsPort))));
    running.start();
    try {
      String url = "http://127.0.0.1:" + metricsPort + "/metrics";
      assertThat(awaitOutput(out.getBuffer(), "metrics at")).contains("metrics at " + url);
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("music_analytics_host_calls_in_flight 0.0");
    } finally {
      running.interrupt();
    }
    assertThat(exitCode.get(15, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void shouldStopGracefullyOnSigterm() throws Exception {
    try (ChildJvm host = ChildJvm.start(List.of(), HostCommand.class, FREE_PORTS)) {
      List<InetSocketAddress> addresses = addresses(host.awaitOutput("listening on", 1));
      assertThat(addresses).hasSize(4);
      ManagedChannel channel = channel(addresses.get(3));
      try {
        assertThat(MapReduceServiceGrpc.newBlockingStub(channel).aggregateStream(smallRequest())
            .getPlayCountsMap()).containsEntry("Artist A - s1", 3L);
      } finally {
        shutdown(channel);
      }

      ManagedChannel watching = channel(addresses.get(0));
      try (HostTesting.HealthWatch watch = new HostTesting.HealthWatch(watching)) {
        assertThat(watch.next()).isEqualTo(ServingStatus.SERVING);

        // SIGTERM, as a service manager sends it.
        host.signal("TERM");

        // Health turns NOT_SERVING first, while the host still drains (this very watch).
        assertThat(watch.next()).isEqualTo(ServingStatus.NOT_SERVING);
      } finally {
        shutdown(watching);
      }
      assertThat(host.waitFor(20)).isTrue();
      assertThat(host.output()).contains("music-analytics host stopped");
      assertThat(host.process().exitValue()).as("128 + SIGTERM").isEqualTo(143);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The output once it contains {@code marker}; fails after 30 s. */
  private static String awaitOutput(CharSequence output, String marker)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!output.toString().contains(marker)) {
      assertThat(System.nanoTime()).as("no '%s' in:%n%s", marker, output)
          .isLessThan(deadline);
      Thread.sleep(10);
    }
    return output.toString();
  }

  private static List<InetSocketAddress> addresses(String text) {
    List<InetSocketAddress> addresses = new ArrayList<>();
    String line = text.lines().filter(l -> l.contains("listening on")).findFirst().orElseThrow();
    Matcher matcher = ADDRESS.matcher(line);
    while (matcher.find()) {
      addresses.add(new InetSocketAddress("127.0.0.1", Integer.parseInt(matcher.group(1))));
    }
    return addresses;
  }

  private static boolean serving(InetSocketAddress address) throws InterruptedException {
    ManagedChannel channel = channel(address);
    try {
      return HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance())
          .getStatus() == ServingStatus.SERVING;
    } finally {
      shutdown(channel);
    }
  }
}
