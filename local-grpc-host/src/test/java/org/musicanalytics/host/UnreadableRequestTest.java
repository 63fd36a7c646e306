package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicanalytics.counting.FuzzInputs;
import org.musicanalytics.host.internal.ContractServices;

/**
 * Issue 5's error model for requests that are not the request message at all (truncated,
 * or with a string field that is not UTF-8): an invalid request gets
 * {@code INVALID_ARGUMENT}, like a request whose fields break a rule. Today both the wire
 * path and the generated marshaller fail such a call while reading it, which gRPC reports
 * as {@code UNKNOWN} ("Application error processing RPC"), with a stack trace in the log.
 */
class UnreadableRequestTest {

  private static AnalyticsHost host;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() throws IOException {
    host = AnalyticsHost.start(HostConfig.ephemeral());
    channel = HostTesting.channel(host.addresses().get(0));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    HostTesting.shutdown(channel);
    host.close();
  }

  @Test
  void shouldAnswerUnreadableRequestsWithInvalidArgument() {
    byte[] truncated = {0x0a, 0x10, 0x0a, 0x02};
    byte[] notUtf8 = FuzzInputs.concat(new byte[] {0x0a, 0x04, 0x0a, 0x02, 'u'},
        FuzzInputs.INVALID_UTF8[5]);
    for (ServiceDescriptor service : ContractServices.all()) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        for (byte[] request : List.of(truncated, notUtf8)) {
          Status status = HostTesting.failure(channel, method, request);

          assertThat(status.getCode()).as(method.getFullMethodName() + " " + status)
              .isEqualTo(Status.Code.INVALID_ARGUMENT);
        }
      }
    }
  }
}
