/**
 * Tests of the gRPC target: retries against real servers, host:port parsing and the service
 * addresses.
 */
package org.musicanalytics.client.grpc;
