package org.musicanalytics.host;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.musicanalytics.host.internal.OutOfMemory;

/**
 * A marshaller that parses and prints nothing: a message's bytes as one array. The host
 * serves a function's wire form with it, and a client sends messages it encoded itself
 * and merges answers from their bytes. Reading copies the transport's buffers into the
 * array once; writing hands the array to the transport whole.
 */
public final class WireBytes implements MethodDescriptor.Marshaller<byte[]> {

  /** The one instance; it holds no state. */
  public static final WireBytes INSTANCE = new WireBytes();

  private WireBytes() {}

  @Override
  public InputStream stream(byte[] value) {
    return stream(value, value.length);
  }

  /**
   * The first {@code length} bytes of {@code bytes} as a message stream the transport can
   * size up front and copy in one write.
   */
  public static InputStream stream(byte[] bytes, int length) {
    return new Encoded(bytes, length);
  }

  @Override
  public byte[] parse(InputStream stream) {
    int length = 0;
    try {
      // gRPC's message streams know their length: one array of the right size.
      length = stream.available();
      byte[] bytes = stream.readNBytes(length);
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
    } catch (OutOfMemoryError e) {
      throw OutOfMemory.status("reading a message of " + length + " bytes");
    }
  }

  /** Known length, so the transport frames it without buffering; drained in one write. */
  private static final class Encoded extends ByteArrayInputStream
      implements KnownLength, Drainable {

    Encoded(byte[] bytes, int length) {
      super(bytes, 0, length);
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
