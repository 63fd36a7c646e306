package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.musicanalytics.host.HostConfig.Endpoint;

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
  void shouldReadTheOldClientsVariablesInEndpointOrder() {
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
    assertThat(config.address(Endpoint.GENRE_ANALYSIS).getPort()).isEqualTo(6005);
    assertThat(config.address(Endpoint.RECOMMENDATION).getPort()).isEqualTo(6007);
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
  void shouldReplaceTheHostKeepingThePorts() {
    HostConfig config = HostConfig.defaults().withHost("0.0.0.0");

    assertThat(config.listenAddresses()).extracting(InetSocketAddress::getPort)
        .containsExactlyElementsOf(HostConfig.STANDARD_PORTS);
    assertThat(config.listenAddresses())
        .allSatisfy(a -> assertThat(a.getAddress().isAnyLocalAddress()).isTrue());
  }

  @Test
  void shouldReplaceOnePort() {
    HostConfig config = HostConfig.defaults().withPort(Endpoint.USERBEHAVIOR, 0);

    assertThat(config.listenAddresses()).containsExactly(
        loopback(50051), loopback(0), loopback(50055), loopback(50057));
    assertThatThrownBy(() -> config.withPort(Endpoint.MAPREDUCE, 65536))
        .hasMessageContaining("MAPREDUCE_PORT must be a port number");
  }

  @Test
  void shouldFormatIpv6LiteralsInBrackets() {
    assertThat(HostConfig.format(new InetSocketAddress("::1", 50051)))
        .isEqualTo("[0:0:0:0:0:0:0:1]:50051");
    assertThat(HostConfig.format(loopback(50051))).isEqualTo("127.0.0.1:50051");
  }
}
