package org.musicanalytics.client.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

  @ParameterizedTest
  @CsvSource({
      "localhost:50051, localhost, 50051, localhost:50051",
      "10.0.0.5:1, 10.0.0.5, 1, 10.0.0.5:1",
      "'[::1]:50055', ::1, 50055, '[::1]:50055'",
  })
  void shouldParseHostAndPort(String text, String host, int port, String printed) {
    HostPort parsed = HostPort.parse(text);

    assertThat(parsed).isEqualTo(new HostPort(host, port));
    assertThat(parsed).hasToString(printed);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "no-port        | 'no-port' is not of the form host:port",
      "host:          | 'host:' is not of the form host:port",
      ":50051         | ':50051' is not of the form host:port",
      "host:abc       | 'host:abc': port 'abc' is not a number",
      "host:70000     | 'host:70000': port 70000 is not between 1 and 65535",
      "host:0         | 'host:0': port 0 is not between 1 and 65535",
  })
  void shouldRefuseMalformedAddress(String text, String message) {
    assertThatThrownBy(() -> HostPort.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
