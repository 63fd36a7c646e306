/**
 * The host's workings: functions bound to gRPC methods, load shedding, the per-call log, thread
 * pools, the Netty servers and out-of-memory handling. Not an API.
 */
package org.musicanalytics.host.internal;
