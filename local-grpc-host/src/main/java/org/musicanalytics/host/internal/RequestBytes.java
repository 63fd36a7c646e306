package org.musicanalytics.host.internal;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request marshaller that parses nothing: the request's bytes, read into one array, for
 * a function's wire form.
 */
final class RequestBytes implements MethodDescriptor.Marshaller<byte[]> {

  static final RequestBytes INSTANCE = new RequestBytes();

  private RequestBytes() {}

  @Override
  public InputStream stream(byte[] value) {
    return new ByteArrayInputStream(value);
  }

  @Override
  public byte[] parse(InputStream stream) {
    try {
      // gRPC's message streams know their length: one array of the right size, one copy.
      byte[] bytes = stream.readNBytes(stream.available());
      int next = stream.read();
      if (next == -1) {
        return bytes;
      }
      byte[] rest = stream.readAllBytes();
      byte[] all = new byte[bytes.length + 1 + rest.length];
      System.arraycopy(bytes, 0, all, 0, bytes.length);
      all[bytes.length] = (byte) next;
      System.arraycopy(rest, 0, all, bytes.length + 1, rest.length);
      return all;
    } catch (IOException e) {
      throw Status.INTERNAL.withDescription("cannot read the request").withCause(e)
          .asRuntimeException();
    }
  }
}
