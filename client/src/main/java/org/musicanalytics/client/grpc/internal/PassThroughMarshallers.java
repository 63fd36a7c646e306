package org.musicanalytics.client.grpc.internal;

import io.grpc.MethodDescriptor.Marshaller;
import java.io.InputStream;
import org.musicanalytics.client.pipeline.EncodedShard;
import org.musicanalytics.host.WireBytes;

/**
 * Marshallers that pass messages through as the bytes they already are: a shard encoded
 * once on the way in, an answer merged from its bytes on the way out ({@link WireBytes}).
 */
public final class PassThroughMarshallers {

  private PassThroughMarshallers() {}

  /** Writes an encoded shard's bytes as the request; a client never parses requests. */
  public static Marshaller<EncodedShard> encodedShards() {
    return new Marshaller<>() {
      @Override
      public InputStream stream(EncodedShard shard) {
        return WireBytes.stream(shard.bytes(), shard.length());
      }

      @Override
      public EncodedShard parse(InputStream stream) {
        throw new UnsupportedOperationException("requests are only sent from this side");
      }
    };
  }
}
