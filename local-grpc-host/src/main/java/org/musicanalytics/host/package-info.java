/**
 * The local gRPC host: one server that serves every service of the {@code music} contract from
 * the analytics functions; its settings, limits, TLS and the {@code host} command.
 */
package org.musicanalytics.host;
