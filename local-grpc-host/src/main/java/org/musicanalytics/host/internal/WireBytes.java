package org.musicanalytics.host.internal;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A marshaller that parses and prints nothing: a message's bytes as one array, for a
 * function's wire form. Reading copies the transport's buffers into the array once;
 * writing hands the array to the transport whole.
 */
final class WireBytes implements MethodDescriptor.Marshaller<byte[]> {

  static final WireBytes INSTANCE = new WireBytes();

  private WireBytes() {}

  @Override
  public InputStream stream(byte[] value) {
    return new Encoded(value);
  }

  @Override
  public byte[] parse(InputStream stream) {
    try {
      // gRPC's message streams know their length: one array of the right size.
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

  /** Known length, so the transport frames it without buffering; drained in one write. */
  private static final class Encoded extends ByteArrayInputStream
      implements KnownLength, Drainable {

    Encoded(byte[] bytes) {
      super(bytes);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int length = count - pos;
      target.write(buf, pos, length);
      pos = count;
      return length;
    }
  }
}
