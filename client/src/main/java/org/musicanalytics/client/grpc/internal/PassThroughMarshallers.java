package org.musicanalytics.client.grpc.internal;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.musicanalytics.client.pipeline.EncodedShard;

/**
 * Marshallers that pass messages through as the bytes they already are: a shard encoded
 * once on the way in, an answer merged from its bytes on the way out.
 */
public final class PassThroughMarshallers {

  private PassThroughMarshallers() {}

  /** Writes an encoded shard's bytes as the request; a client never parses requests. */
  public static Marshaller<EncodedShard> encodedShards() {
    return new Marshaller<>() {
      @Override
      public InputStream stream(EncodedShard shard) {
        return new BytesStream(shard.bytes(), shard.length());
      }

      @Override
      public EncodedShard parse(InputStream stream) {
        throw new UnsupportedOperationException("requests are only sent from this side");
      }
    };
  }

  /** A message as its bytes, both ways. */
  public static Marshaller<byte[]> bytes() {
    return new Marshaller<>() {
      @Override
      public InputStream stream(byte[] value) {
        return new BytesStream(value, value.length);
      }

      @Override
      public byte[] parse(InputStream stream) {
        try {
          return stream.readAllBytes();
        } catch (IOException e) {
          throw Status.INTERNAL.withDescription("cannot read the answer: " + e.getMessage())
              .withCause(e).asRuntimeException();
        }
      }
    };
  }

  /**
   * Bytes gRPC can size up front ({@link KnownLength}) and copy into its frame in one go
   * ({@link Drainable}).
   */
  private static final class BytesStream extends ByteArrayInputStream
      implements KnownLength, Drainable {

    BytesStream(byte[] bytes, int length) {
      super(bytes, 0, length);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int drained = count - pos;
      target.write(buf, pos, drained);
      pos = count;
      return drained;
    }
  }
}
