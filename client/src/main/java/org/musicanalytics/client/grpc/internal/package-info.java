/** The gRPC target's marshallers, which send and receive messages as the bytes they already are. */
package org.musicanalytics.client.grpc.internal;
