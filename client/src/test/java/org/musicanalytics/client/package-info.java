/**
 * End-to-end tests of the command line: golden results, and every target over real transports
 * (gRPC hosts on sockets, TLS, faults, Invoke API endpoints); with the helpers they share.
 */
package org.musicanalytics.client;
