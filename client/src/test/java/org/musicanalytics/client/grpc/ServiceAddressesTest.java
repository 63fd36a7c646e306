package org.musicanalytics.client.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.Stage;

class ServiceAddressesTest {

  @Test
  void shouldDefaultToTheOldClientsAddresses() throws Exception {
    ServiceAddresses addresses = ServiceAddresses.fromEnvironment(Map.of());

    assertThat(addresses.of(Stage.MAP_REDUCE)).isEqualTo(new HostPort("localhost", 50051));
    assertThat(addresses.of(Stage.USER_BEHAVIOR)).isEqualTo(new HostPort("localhost", 50053));
    assertThat(addresses.of(Stage.GENRE_ANALYSIS)).isEqualTo(new HostPort("localhost", 50055));
    assertThat(addresses.of(Stage.RECOMMENDATION)).isEqualTo(new HostPort("localhost", 50057));
  }

  @Test
  void shouldReadTheOldClientsEnvironmentNames() throws Exception {
    ServiceAddresses addresses = ServiceAddresses.fromEnvironment(Map.of(
        "MAPREDUCE_HOST", "mr.example", "MAPREDUCE_PORT", "1001",
        "USERBEHAVIOR_PORT", "1002",
        "GENRE_ANALYSIS_HOST", "genres.example",
        "RECOMMENDATION_HOST", " ", "RECOMMENDATION_PORT", " 1004 "));

    assertThat(addresses.of(Stage.MAP_REDUCE)).isEqualTo(new HostPort("mr.example", 1001));
    assertThat(addresses.of(Stage.USER_BEHAVIOR)).isEqualTo(new HostPort("localhost", 1002));
    assertThat(addresses.of(Stage.GENRE_ANALYSIS))
        .isEqualTo(new HostPort("genres.example", 50055));
    assertThat(addresses.of(Stage.RECOMMENDATION)).isEqualTo(new HostPort("localhost", 1004));
  }

  @Test
  void shouldNameTheVariablesOfABadPort() {
    assertThatThrownBy(() -> ServiceAddresses.fromEnvironment(Map.of("GENRE_ANALYSIS_PORT", "0")))
        .isInstanceOf(ServiceAddresses.InvalidAddressException.class)
        .hasMessage("environment GENRE_ANALYSIS_HOST='' GENRE_ANALYSIS_PORT='0':"
            + " port 0 is not between 1 and 65535");
  }

  @Test
  void shouldLetFlagsReplaceSomeAddresses() throws Exception {
    ServiceAddresses addresses = ServiceAddresses.fromEnvironment(Map.of())
        .with(Map.of(Stage.RECOMMENDATION, new HostPort("other", 9)));

    assertThat(addresses.of(Stage.RECOMMENDATION)).isEqualTo(new HostPort("other", 9));
    assertThat(addresses.of(Stage.MAP_REDUCE)).isEqualTo(new HostPort("localhost", 50051));
  }

  @Test
  void shouldSpreadStagesOverHostAddressesInStandardOrder() {
    List<InetSocketAddress> four = List.of(new InetSocketAddress("127.0.0.1", 1001),
        new InetSocketAddress("127.0.0.1", 1003), new InetSocketAddress("127.0.0.1", 1005),
        new InetSocketAddress("127.0.0.1", 1007));

    ServiceAddresses spread = ServiceAddresses.spreadOver(four);
    ServiceAddresses single = ServiceAddresses.spreadOver(four.subList(0, 1));

    assertThat(spread.of(Stage.MAP_REDUCE)).isEqualTo(new HostPort("127.0.0.1", 1001));
    assertThat(spread.of(Stage.USER_BEHAVIOR)).isEqualTo(new HostPort("127.0.0.1", 1003));
    assertThat(spread.of(Stage.GENRE_ANALYSIS)).isEqualTo(new HostPort("127.0.0.1", 1005));
    assertThat(spread.of(Stage.RECOMMENDATION)).isEqualTo(new HostPort("127.0.0.1", 1007));
    for (Stage stage : Stage.values()) {
      assertThat(single.of(stage)).isEqualTo(new HostPort("127.0.0.1", 1001));
    }
  }
}
