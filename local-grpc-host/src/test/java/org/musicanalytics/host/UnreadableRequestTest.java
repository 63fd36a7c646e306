package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.util.ArrayList;
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
    for (ServiceDescriptor service : ContractServices.all()) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<?>)
            method.getRequestMarshaller()).getMessagePrototype();
        byte[] notUtf8 = notUtf8(prototype.getDescriptorForType());
        for (byte[] request : List.of(truncated, notUtf8)) {
          Status status = HostTesting.failure(channel, method, request);

          assertThat(status.getCode()).as(method.getFullMethodName() + " " + status)
              .isEqualTo(Status.Code.INVALID_ARGUMENT);
        }
      }
    }
  }

  /**
   * A request whose first string field, reached through the first message field that leads
   * to one, is "u" and a byte that is no UTF-8: for {@code StreamList}, the user id of its
   * first record. A string put in a field of another type would be read as an unknown field.
   */
  private static byte[] notUtf8(Descriptor request) {
    List<Integer> path = stringPath(request, 0);
    assertThat(path).as(request.getFullName() + " has a string field").isNotEmpty();
    byte[] bytes = FuzzInputs.concat(new byte[] {'u'}, FuzzInputs.INVALID_UTF8[5]);
    for (int i = path.size() - 1; i >= 0; i--) {
      // Field numbers below 16 and lengths below 128 take one byte each.
      assertThat(path.get(i)).isLessThan(16);
      assertThat(bytes.length).isLessThan(128);
      bytes = FuzzInputs.concat(new byte[] {(byte) (path.get(i) << 3 | 2), (byte) bytes.length},
          bytes);
    }
    return bytes;
  }

  /** Field numbers from {@code message} down to its first string field; empty if none. */
  private static List<Integer> stringPath(Descriptor message, int depth) {
    for (FieldDescriptor field : message.getFields()) {
      if (field.getType() == FieldDescriptor.Type.STRING) {
        return List.of(field.getNumber());
      }
      if (field.getType() == FieldDescriptor.Type.MESSAGE && depth < 4) {
        List<Integer> below = stringPath(field.getMessageType(), depth + 1);
        if (!below.isEmpty()) {
          List<Integer> path = new ArrayList<>(List.of(field.getNumber()));
          path.addAll(below);
          return path;
        }
      }
    }
    return List.of();
  }
}
