package org.musicanalytics.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.inprocess.InProcessSocketAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenAddressesTest {

  private static InetSocketAddress at(String host, int port) {
    return new InetSocketAddress(host, port);
  }

  @Test
  void shouldMatchFixedPortsWhereverTheServerListsThem() {
    List<InetSocketAddress> configured =
        List.of(at("127.0.0.1", 7001), at("127.0.0.1", 7003), at("127.0.0.1", 7005));
    List<InetSocketAddress> bound =
        List.of(at("127.0.0.1", 7005), at("127.0.0.1", 7001), at("127.0.0.1", 7003));

    assertThat(ListenAddresses.inConfiguredOrder(configured, bound))
        .containsExactlyElementsOf(configured);
  }

  @Test
  void shouldGiveFreePortsTheRemainingSocketsOnTheSameHostLowestFirst() {
    List<InetSocketAddress> configured = List.of(
        at("127.0.0.1", 0), at("127.0.0.1", 7003), at("127.0.0.2", 0), at("127.0.0.1", 0));
    List<InetSocketAddress> bound = List.of(
        at("127.0.0.1", 40002), at("127.0.0.2", 40000), at("127.0.0.1", 7003),
        at("127.0.0.1", 40001));

    assertThat(ListenAddresses.inConfiguredOrder(configured, bound)).containsExactly(
        at("127.0.0.1", 40001), at("127.0.0.1", 7003), at("127.0.0.2", 40000),
        at("127.0.0.1", 40002));
  }

  @Test
  void shouldMatchAWildcardToAnyWildcardSocket() {
    assertThat(ListenAddresses.inConfiguredOrder(
        List.of(at("0.0.0.0", 7001)), List.of(at("::", 7001))))
        .containsExactly(at("::", 7001));
  }

  @Test
  void shouldListIpSocketsByPortWhenNothingWasConfigured() {
    assertThat(ListenAddresses.inConfiguredOrder(List.of(), List.of(
        at("127.0.0.1", 9), new InProcessSocketAddress("x"), at("127.0.0.1", 8))))
        .containsExactly(at("127.0.0.1", 8), at("127.0.0.1", 9));
  }

  @Test
  void shouldFailWhenAConfiguredAddressWasNotBound() {
    assertThatThrownBy(() -> ListenAddresses.inConfiguredOrder(
        List.of(at("127.0.0.1", 7001), at("127.0.0.1", 7002)), List.of(at("127.0.0.1", 7001))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("7002");
  }
}
