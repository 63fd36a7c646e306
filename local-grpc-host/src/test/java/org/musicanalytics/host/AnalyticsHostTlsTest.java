package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.host.HostTesting.shutdown;
import static org.musicanalytics.host.HostTesting.smallRequest;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.PlayCounts;

/** The host serving TLS with a certificate made for the test, on loopback. */
class AnalyticsHostTlsTest {

  @TempDir
  static Path directory;

  private static TlsTestHost tls;

  @BeforeAll
  static void startHost() throws Exception {
    tls = TlsTestHost.start(directory);
  }

  @AfterAll
  static void stopHost() {
    tls.close();
  }

  @Test
  void shouldServeAClientThatTrustsItsCertificate() throws Exception {
    assertThat(tls.host().usesTls()).isTrue();
    for (String name : new String[] {"127.0.0.1", "localhost"}) {
      PlayCounts counts = call(name, trusting(tls.identity().certificate()));

      assertThat(counts.getPlayCountsMap()).as(name)
          .containsExactlyInAnyOrderEntriesOf(Map.of("Artist A - s1", 3L, "Artist B - s2", 1L));
    }
  }

  @Test
  void shouldRefuseAPlaintextClient() {
    assertThatThrownBy(() -> call("127.0.0.1", InsecureChannelCredentials.create()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void shouldFailAClientTrustingAnotherCaSayingTheCertificateIsNotTrusted() {
    assertThatThrownBy(() -> call("127.0.0.1", trusting(tls.stranger().certificate())))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(causes(e)).contains("unable to find valid certification path");
        });
  }

  @Test
  void shouldServeWithAPkcs1RsaKey() throws Exception {
    TestCertificates.Identity rsa = TestCertificates.selfSignedRsaPkcs1(directory, "rsa");
    assertThat(Files.readString(rsa.privateKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    try (AnalyticsHost host = AnalyticsHost.start(HostConfig.ephemeral()
        .withTls(rsa.tlsFiles()))) {
      ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1",
          host.addresses().get(0).getPort(), trusting(rsa.certificate())).build();
      try {
        PlayCounts counts = MapReduceServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS).aggregateStream(smallRequest());
        assertThat(counts.getPlayCountsMap()).containsEntry("Artist A - s1", 3L);
      } finally {
        shutdown(channel);
      }
    }
  }

  @Test
  void shouldFailToStartNamingTheFilesWhenTheKeyIsNoKey() throws IOException {
    Path notAKey = Files.writeString(directory.resolve("not-a-key.pem"), "hello\n");
    HostConfig config = HostConfig.ephemeral()
        .withTls(new TlsFiles(tls.identity().certificate(), notAKey));

    assertThatThrownBy(() -> AnalyticsHost.start(config))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot use TLS certificate " + tls.identity().certificate()
            + " with key " + notAKey + ": ");
  }

  private static ChannelCredentials trusting(Path ca) throws IOException {
    return TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).build();
  }

  private static PlayCounts call(String name, ChannelCredentials credentials)
      throws InterruptedException {
    ManagedChannel channel = Grpc.newChannelBuilderForAddress(
        name, tls.port(), credentials).build();
    try {
      return MapReduceServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS).aggregateStream(smallRequest());
    } finally {
      shutdown(channel);
    }
  }

  /** The status's description and every cause's message, as a client would print them. */
  private static String causes(StatusRuntimeException e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getStatus().getDescription()));
    for (Throwable cause = e.getStatus().getCause(); cause != null; cause = cause.getCause()) {
      text.append(" / ").append(cause);
    }
    return text.toString();
  }
}
