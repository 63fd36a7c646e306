package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.host.HostLogging;
import org.musicanalytics.host.TlsTestHost;

/**
 * {@code run --target grpc --tls-ca} against a host serving TLS on loopback, with
 * certificates made for the test.
 */
class GrpcTlsTest {

  @TempDir
  static Path certificates;

  @TempDir
  Path directory;

  private static TlsTestHost tlsHost;

  @BeforeAll
  static void startHost() throws Exception {
    HostLogging.setLevel(Level.WARNING);
    tlsHost = TlsTestHost.start(certificates);
  }

  @AfterAll
  static void stopHost() {
    tlsHost.close();
  }

  @Test
  void shouldRunOverTlsWithTheSameResultsAsEmbedded() throws Exception {
    CliRun tls = run("tls", "--target", "grpc", "--tls-ca",
        tlsHost.identity().certificate().toString());
    CliRun embedded = run("embedded", "--target", "embedded");

    assertThat(tls.exitCode()).as(tls.toString()).isZero();
    assertThat(embedded.exitCode()).as(embedded.toString()).isZero();
    assertThat(CliRun.comparable(CliRun.readResults(directory.resolve("tls")), "target"))
        .isEqualTo(CliRun.comparable(CliRun.readResults(directory.resolve("embedded")),
            "target"));
  }

  @Test
  void shouldFailClearlyWhenCallingATlsHostInPlaintext() {
    CliRun plaintext = run("plaintext", "--target", "grpc");

    assertThat(plaintext.exitCode()).as(plaintext.toString()).isEqualTo(1);
    assertThat(plaintext.err()).startsWith("music-analytics run: ").hasLineCount(1)
        .contains("): after 5 attempts: the host at 127.0.0.1:" + tlsHost.port()
            + " speaks TLS (it closed the plaintext connection): pass --tls-ca; ");
    assertThat(directory.resolve("plaintext").resolve("run_grpc_metrics.json")).doesNotExist();
  }

  /**
   * A TLS host that reads a plaintext preface may reset the connection rather than close it
   * (when the preface is still unread in its socket): the hint must be the same. A socket
   * that resets every connection with SO_LINGER 0 makes the reset certain.
   */
  @Test
  void shouldFailSayingTheHostSpeaksTlsWhenItResetsThePlaintextConnection() throws Exception {
    try (ServerSocket resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!resetting.isClosed()) {
          try (Socket connection = resetting.accept()) {
            connection.getInputStream().read(new byte[64]);
            connection.setSoLinger(true, 0);
          } catch (IOException closed) {
            // The test closed the socket, or the client went first: nothing to reset.
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String address = "127.0.0.1:" + resetting.getLocalPort();

      CliRun reset = CliRun.run(Map.of(), "run", "--quiet",
          "--input", CliRun.sampleData().toString(),
          "--results", directory.resolve("reset").toString(), "--call-timeout", "20",
          "--target", "grpc", "--mapreduce-address", address, "--userbehavior-address",
          address, "--genre-address", address, "--recommendation-address", address);

      assertThat(reset.exitCode()).as(reset.toString()).isEqualTo(1);
      assertThat(reset.err()).startsWith("music-analytics run: ").hasLineCount(1)
          .contains("): after 5 attempts: the host at " + address
              + " speaks TLS (it closed the plaintext connection): pass --tls-ca; ");
      assertThat(directory.resolve("reset").resolve("run_grpc_metrics.json")).doesNotExist();
    }
  }

  @Test
  void shouldFailSayingTheCertificateIsNotTrustedWhenTrustingAnotherCa() {
    CliRun other = run("other", "--target", "grpc",
        "--tls-ca", tlsHost.stranger().certificate().toString());

    assertThat(other.exitCode()).as(other.toString()).isEqualTo(1);
    assertThat(other.err()).startsWith("music-analytics run: ").hasLineCount(1)
        .contains("): the host at 127.0.0.1:" + tlsHost.port() + " is not trusted (TLS "
            + "handshake failed: unable to find valid certification path to requested target): "
            + "pass --tls-ca with the CA that signed its certificate; ");
    assertThat(directory.resolve("other").resolve("run_grpc_metrics.json")).doesNotExist();
  }

  @Test
  void shouldRejectAMissingOrMisplacedTlsCaAsAUsageError() throws Exception {
    Path notPem = Files.writeString(directory.resolve("not.pem"), "hello\n");
    CliRun missing = run("missing", "--target", "grpc",
        "--tls-ca", directory.resolve("nothing.pem").toString());
    CliRun garbage = run("garbage", "--target", "grpc", "--tls-ca", notPem.toString());
    CliRun embedded = run("embedded-tls", "--target", "embedded",
        "--tls-ca", tlsHost.identity().certificate().toString());

    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
    assertThat(missing.err()).contains("--tls-ca must be a readable PEM file")
        .contains("nothing.pem");
    assertThat(garbage.exitCode()).as(garbage.toString()).isEqualTo(2);
    assertThat(garbage.err()).contains("--tls-ca").contains("not.pem");
    assertThat(embedded.exitCode()).isEqualTo(2);
    assertThat(embedded.err()).contains("--tls-ca applies only to --target grpc");
  }

  /** A quiet run on the sample with every service at the TLS host, results in a subdirectory. */
  private CliRun run(String name, String... targetArgs) {
    List<String> args = new ArrayList<>(List.of("run", "--quiet",
        "--input", CliRun.sampleData().toString(),
        "--results", directory.resolve(name).toString(), "--call-timeout", "20"));
    args.addAll(List.of(targetArgs));
    if (args.contains("grpc")) {
      String address = "127.0.0.1:" + tlsHost.port();
      args.addAll(List.of("--mapreduce-address", address, "--userbehavior-address", address,
          "--genre-address", address, "--recommendation-address", address));
    }
    return CliRun.run(Map.of(), args.toArray(String[]::new));
  }

}
