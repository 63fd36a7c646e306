/**
 * Tests of the host on real loopback sockets: its functions, limits, connections, TLS, hostile
 * requests, compatibility with the old contract and load; with the helpers they share.
 */
package org.musicanalytics.host;
