package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NettyDefaultsTest {

  private String before;

  @BeforeEach
  void rememberProperty() {
    before = System.getProperty(NettyDefaults.FLIGHT_RECORDER_EVENTS);
  }

  @AfterEach
  void restoreProperty() {
    if (before == null) {
      System.clearProperty(NettyDefaults.FLIGHT_RECORDER_EVENTS);
    } else {
      System.setProperty(NettyDefaults.FLIGHT_RECORDER_EVENTS, before);
    }
  }

  @Test
  void shouldTurnNettysFlightRecorderEventsOffByDefault() {
    System.clearProperty(NettyDefaults.FLIGHT_RECORDER_EVENTS);

    NettyDefaults.apply();

    assertThat(System.getProperty(NettyDefaults.FLIGHT_RECORDER_EVENTS)).isEqualTo("false");
  }

  @Test
  void shouldKeepTheEventsWhenAskedFor() {
    System.setProperty(NettyDefaults.FLIGHT_RECORDER_EVENTS, "true");

    NettyDefaults.apply();

    assertThat(System.getProperty(NettyDefaults.FLIGHT_RECORDER_EVENTS)).isEqualTo("true");
  }

  @Test
  void shouldNameThePropertyTheShadedNettyReads() throws Exception {
    // The relocated name is what grpc-netty-shaded's PlatformDependent looks up; if a gRPC
    // upgrade changed the relocation, the setting would silently stop working.
    Class<?> platform = Class.forName(
        "io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent");
    byte[] bytecode;
    try (var in = platform.getResourceAsStream("PlatformDependent.class")) {
      bytecode = in.readAllBytes();
    }
    assertThat(new String(bytecode, java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains(NettyDefaults.FLIGHT_RECORDER_EVENTS);
  }
}
