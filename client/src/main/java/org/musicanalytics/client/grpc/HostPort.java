package org.musicanalytics.client.grpc;

import java.net.InetSocketAddress;
import org.musicanalytics.host.HostConfig;

/**
 * A host and port to call, as written by users: {@code localhost:50051},
 * {@code 10.0.0.5:50053}, {@code [::1]:50055}.
 */
public record HostPort(String host, int port) {

  public HostPort {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("the host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
    }
  }

  /**
   * Parses {@code host:port}; an IPv6 literal host goes in brackets.
   *
   * @throws IllegalArgumentException if the text is not of that form
   */
  public static HostPort parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not of the form host:port");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new HostPort(host, parsePort(text.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
    }
  }

  /** The endpoint of a listening socket, by its literal IP address. */
  public static HostPort of(InetSocketAddress address) {
    return new HostPort(address.getAddress() != null
        ? address.getAddress().getHostAddress() : address.getHostString(), address.getPort());
  }

  static int parsePort(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port '" + text + "' is not a number");
    }
  }

  @Override
  public String toString() {
    return HostConfig.format(InetSocketAddress.createUnresolved(host, port));
  }
}
