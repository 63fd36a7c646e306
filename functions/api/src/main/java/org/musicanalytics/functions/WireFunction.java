package org.musicanalytics.functions;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * A stage's fast path: wire form in, wire form out. It answers a request given as its
 * protobuf encoding, without parsing it into message objects first, with the encoding of
 * exactly the message the stage's plain function answers for the parsed request (tests
 * of each stage run both).
 *
 * <p>The request is a whole byte array because the fast path looks strings up by their
 * bytes; a transport reads its request into one array once, and sends the answer's
 * array as it is.
 */
@FunctionalInterface
public interface WireFunction {

  /**
   * Answers the request encoded in {@code request}.
   *
   * @return the encoded response
   * @throws InvalidProtocolBufferException where parsing the request would fail
   * @throws InvalidRequestException where the plain function rejects the parsed request
   */
  byte[] apply(byte[] request) throws InvalidProtocolBufferException;
}
