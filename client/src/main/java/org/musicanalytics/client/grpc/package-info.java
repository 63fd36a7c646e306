/**
 * The gRPC target: the stages as the services of a local or remote host, and the addresses each
 * is called at.
 */
package org.musicanalytics.client.grpc;
