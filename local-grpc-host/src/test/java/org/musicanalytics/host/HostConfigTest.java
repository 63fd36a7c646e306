package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.musicanalytics.functions.Stage;

class HostConfigTest {

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }

  @Test
  void shouldDefaultToLoopbackOnTheStandardPorts() {
    HostConfig config = HostConfig.defaults();

    assertThat(config.listenAddresses()).containsExactly(
        loopback(50051), loopback(50053), loopback(50055), loopback(50057));
    assertThat(config.listenAddresses()).allSatisfy(a ->
        assertThat(a.getAddress().isLoopbackAddress()).isTrue());
    assertThat(config.maxInboundMessageBytes()).isEqualTo(64 * 1024 * 1024);
  }

  @Test
  void shouldListenOnFourFreeLoopbackPortsWhenEphemeral() {
    assertThat(HostConfig.ephemeral().listenAddresses())
        .containsExactly(loopback(0), loopback(0), loopback(0), loopback(0));
  }

  @Test
  void shouldReadTheOldClientsVariablesInStageOrder() {
    Map<String, String> env = Map.of(
        "MAPREDUCE_HOST", "127.0.0.2", "MAPREDUCE_PORT", "6001",
        "USERBEHAVIOR_PORT", "6003",
        "GENRE_ANALYSIS_HOST", "0.0.0.0", "GENRE_ANALYSIS_PORT", "6005",
        "RECOMMENDATION_PORT", "6007",
        "HOST_MAX_MESSAGE_BYTES", "1048576");

    HostConfig config = HostConfig.fromEnvironment(env);

    assertThat(config.listenAddresses()).containsExactly(
        new InetSocketAddress("127.0.0.2", 6001), loopback(6003),
        new InetSocketAddress("0.0.0.0", 6005), loopback(6007));
    assertThat(config.address(Stage.GENRE_ANALYSIS).getPort()).isEqualTo(6005);
    assertThat(config.address(Stage.RECOMMENDATION).getPort()).isEqualTo(6007);
    assertThat(config.maxInboundMessageBytes()).isEqualTo(1048576);
  }

  @Test
  void shouldTreatUnsetAndBlankVariablesAsDefaults() {
    Map<String, String> env = new HashMap<>();
    env.put("MAPREDUCE_PORT", " ");
    env.put("USERBEHAVIOR_HOST", "");
    env.put("HOST_MAX_MESSAGE_BYTES", "");
    env.put("GENRE_ANALYSIS_PORT", " 6005 ");

    HostConfig config = HostConfig.fromEnvironment(env);

    assertThat(config.listenAddresses()).containsExactly(
        loopback(50051), loopback(50053), loopback(6005), loopback(50057));
    assertThat(config.maxInboundMessageBytes())
        .isEqualTo(HostConfig.DEFAULT_MAX_INBOUND_MESSAGE_BYTES);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "70000", "-1", "5005x", "65536"})
  void shouldRejectABadPortNamingTheVariableAndValue(String value) {
    assertThatThrownBy(() -> HostConfig.fromEnvironment(Map.of("GENRE_ANALYSIS_PORT", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("GENRE_ANALYSIS_PORT must be a port number from 0 to 65535")
        .hasMessageContaining(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "lots", "4MiB", "99999999999"})
  void shouldRejectABadMessageSizeNamingTheVariableAndValue(String value) {
    assertThatThrownBy(() ->
        HostConfig.fromEnvironment(Map.of("HOST_MAX_MESSAGE_BYTES", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("HOST_MAX_MESSAGE_BYTES must be a positive number of bytes")
        .hasMessageContaining(value);
  }

  @Test
  void shouldRejectAnUnresolvableHostNamingTheVariable() {
    assertThatThrownBy(() -> HostConfig.fromEnvironment(
        Map.of("USERBEHAVIOR_HOST", "no-such-host.invalid")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("USERBEHAVIOR_HOST must be a host name or IP address,"
            + " 'no-such-host.invalid' does not resolve");
  }

  @Test
  void shouldRejectTheSameFixedAddressTwice() {
    assertThatThrownBy(() -> HostConfig.fromEnvironment(
        Map.of("MAPREDUCE_PORT", "6000", "RECOMMENDATION_PORT", "6000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("127.0.0.1:6000 is given twice");
  }

  @Test
  void shouldRejectNoAddressesAndANonPositiveSize() {
    assertThatThrownBy(() -> new HostConfig(List.of(), 1024))
        .hasMessageContaining("at least one listen address");
    assertThatThrownBy(() -> HostConfig.ephemeral().withMaxInboundMessageBytes(0))
        .hasMessageContaining("maxInboundMessageBytes must be positive, was 0");
  }

  @Test
  void shouldDefaultToBoundedCallsKeepaliveAndPlaintext() {
    HostConfig config = HostConfig.defaults();
    int cores = Runtime.getRuntime().availableProcessors();

    assertThat(config.callLimits())
        .isEqualTo(new CallLimits(cores, Math.max(32, cores)));
    assertThat(config.keepalive()).isEqualTo(new Keepalive(Duration.ofSeconds(60),
        Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofMinutes(5),
        Duration.ofMinutes(30), Duration.ofMinutes(5)));
    assertThat(config.tls()).isNull();
    assertThat(HostConfig.ephemeral().callLimits()).isEqualTo(config.callLimits());
  }

  @Test
  void shouldReadTheLimitKeepaliveAndTlsVariables(@TempDir Path directory) throws IOException {
    Path cert = Files.writeString(directory.resolve("c.pem"), "c");
    Path key = Files.writeString(directory.resolve("k.pem"), "k");
    Map<String, String> env = Map.of(
        "HOST_EXECUTOR_THREADS", "2", "HOST_MAX_CONCURRENT_CALLS", "5",
        "HOST_KEEPALIVE_TIME", "0", "HOST_KEEPALIVE_TIMEOUT", "1.5",
        "HOST_PERMIT_KEEPALIVE_TIME", "30", "HOST_MAX_CONNECTION_IDLE", "600",
        "HOST_MAX_CONNECTION_AGE", "3600", "HOST_MAX_CONNECTION_AGE_GRACE", "0",
        "HOST_TLS_CERT", cert.toString(), "HOST_TLS_KEY", key.toString());

    HostConfig config = HostConfig.fromEnvironment(env);

    assertThat(config.callLimits()).isEqualTo(new CallLimits(2, 5));
    assertThat(config.keepalive()).isEqualTo(new Keepalive(Duration.ZERO,
        Duration.ofMillis(1500), Duration.ofSeconds(30), Duration.ofMinutes(10),
        Duration.ofHours(1), Duration.ZERO));
    assertThat(config.tls()).isEqualTo(new TlsFiles(cert, key));
  }

  @Test
  void shouldFitTheDefaultThreadsAndCallsToTheOneGiven() {
    assertThat(CallLimits.fromEnvironment(Map.of("HOST_MAX_CONCURRENT_CALLS", "1")))
        .isEqualTo(new CallLimits(1, 1));
    assertThat(CallLimits.fromEnvironment(Map.of("HOST_EXECUTOR_THREADS", "100")))
        .isEqualTo(new CallLimits(100, 100));
  }

  @ParameterizedTest
  @ValueSource(strings = {"HOST_EXECUTOR_THREADS=0", "HOST_MAX_CONCURRENT_CALLS=many",
      "HOST_KEEPALIVE_TIMEOUT=0", "HOST_KEEPALIVE_TIME=-3", "HOST_MAX_CONNECTION_AGE=86401",
      "HOST_MAX_CONNECTION_IDLE=NaN", "HOST_TLS_CERT=/no/such.pem"})
  void shouldRejectABadLimitKeepaliveOrTlsVariableNamingIt(String setting) {
    String[] nameAndValue = setting.split("=", 2);

    assertThatThrownBy(() -> HostConfig.fromEnvironment(Map.of(nameAndValue[0], nameAndValue[1])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(nameAndValue[0] + " ")
        .hasMessageContaining(nameAndValue[1].equals("/no/such.pem") ? "HOST_TLS_KEY"
            : nameAndValue[1]);
  }

  @Test
  void shouldReplaceTheHostKeepingThePorts() {
    HostConfig config = HostConfig.defaults().withHost("0.0.0.0");

    assertThat(config.listenAddresses()).extracting(InetSocketAddress::getPort)
        .containsExactlyElementsOf(HostConfig.STANDARD_PORTS);
    assertThat(config.listenAddresses())
        .allSatisfy(a -> assertThat(a.getAddress().isAnyLocalAddress()).isTrue());
  }

  @Test
  void shouldReplaceOnePort() {
    HostConfig config = HostConfig.defaults().withPort(Stage.USER_BEHAVIOR, 0);

    assertThat(config.listenAddresses()).containsExactly(
        loopback(50051), loopback(0), loopback(50055), loopback(50057));
    assertThatThrownBy(() -> config.withPort(Stage.MAP_REDUCE, 65536))
        .hasMessageContaining("MAPREDUCE_PORT must be a port number");
  }

  @Test
  void shouldFormatIpv6LiteralsInBrackets() {
    assertThat(HostConfig.format(new InetSocketAddress("::1", 50051)))
        .isEqualTo("[0:0:0:0:0:0:0:1]:50051");
    assertThat(HostConfig.format(loopback(50051))).isEqualTo("127.0.0.1:50051");
  }
}
