package org.musicanalytics.functions;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

/**
 * A stage's fast path: it answers a request given in its protobuf wire form, without
 * parsing it into message objects first, exactly as the stage's plain function answers the
 * parsed request (tests of each stage run both).
 *
 * <p>The request is a whole byte array because the fast path looks strings up by their
 * bytes; a transport reads its request into one array once.
 *
 * @param <O> the response message
 */
@FunctionalInterface
public interface WireFunction<O extends Message> {

  /**
   * Answers the request encoded in {@code request}.
   *
   * @throws InvalidProtocolBufferException where parsing the request would fail
   * @throws InvalidRequestException where the plain function rejects the parsed request
   */
  O apply(byte[] request) throws InvalidProtocolBufferException;
}
