package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.host.HostTesting.channel;
import static org.musicanalytics.host.HostTesting.shutdown;
import static org.musicanalytics.host.HostTesting.smallRequest;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.MapReduceServiceGrpc;

/** The keepalive and connection-age settings reach the transport. */
class AnalyticsHostConnectionsTest {

  @Test
  void shouldCloseAnIdleConnectionAndServeTheClientAgainOnANewOne() throws Exception {
    Keepalive quicklyIdle = new Keepalive(Keepalive.DEFAULT_TIME, Keepalive.DEFAULT_TIMEOUT,
        Keepalive.DEFAULT_PERMIT_TIME, Duration.ofMillis(200), Keepalive.DEFAULT_MAX_CONNECTION_AGE,
        Keepalive.DEFAULT_MAX_CONNECTION_AGE_GRACE);
    try (AnalyticsHost host = AnalyticsHost.start(
        HostConfig.ephemeral().withKeepalive(quicklyIdle))) {
      ManagedChannel channel = channel(host.addresses().get(0));
      try {
        assertThat(call(channel)).isEqualTo(2);
        assertThat(channel.getState(false)).isEqualTo(ConnectivityState.READY);

        // The host sends GOAWAY once the connection has had no call for 200 ms.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (channel.getState(false) == ConnectivityState.READY
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(channel.getState(false)).isEqualTo(ConnectivityState.IDLE);

        assertThat(call(channel)).as("served again, on a new connection").isEqualTo(2);
      } finally {
        shutdown(channel);
      }
    }
  }

  private static int call(ManagedChannel channel) {
    return MapReduceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .aggregateStream(smallRequest()).getPlayCountsCount();
  }
}
