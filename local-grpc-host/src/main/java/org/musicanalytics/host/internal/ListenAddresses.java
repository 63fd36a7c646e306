package org.musicanalytics.host.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Puts the addresses a server actually bound back into the order they were configured. */
public final class ListenAddresses {

  private ListenAddresses() {}

  /**
   * Matches every configured address to a bound one: a fixed port to the socket with that
   * port, and port 0 to a remaining socket on the same host (lowest port first), since
   * a server reports its sockets in no particular order.
   *
   * @param configured the addresses asked for, some perhaps with port 0
   * @param bound the server's listen sockets; those that are not IP sockets are ignored
   * @return the bound addresses in configured order; if nothing was configured, the bound
   *     IP sockets by port
   * @throws IllegalStateException if a configured address has no bound socket
   */
  public static List<InetSocketAddress> inConfiguredOrder(
      List<InetSocketAddress> configured, List<? extends SocketAddress> bound) {
    List<InetSocketAddress> remaining = new ArrayList<>();
    for (SocketAddress address : bound) {
      if (address instanceof InetSocketAddress inet) {
        remaining.add(inet);
      }
    }
    remaining.sort(Comparator.comparingInt(InetSocketAddress::getPort));
    if (configured.isEmpty()) {
      return List.copyOf(remaining);
    }
    InetSocketAddress[] ordered = new InetSocketAddress[configured.size()];
    for (int i = 0; i < ordered.length; i++) {
      InetSocketAddress wanted = configured.get(i);
      if (wanted.getPort() != 0) {
        ordered[i] = take(remaining, wanted, true);
      }
    }
    for (int i = 0; i < ordered.length; i++) {
      InetSocketAddress wanted = configured.get(i);
      if (wanted.getPort() == 0) {
        ordered[i] = take(remaining, wanted, false);
      }
    }
    return List.of(ordered);
  }

  private static InetSocketAddress take(
      List<InetSocketAddress> remaining, InetSocketAddress wanted, boolean samePort) {
    for (int i = 0; i < remaining.size(); i++) {
      InetSocketAddress candidate = remaining.get(i);
      if ((!samePort || candidate.getPort() == wanted.getPort())
          && sameHost(candidate, wanted)) {
        return remaining.remove(i);
      }
    }
    throw new IllegalStateException("the server reports no listen socket for "
        + wanted + "; it reports " + remaining);
  }

  private static boolean sameHost(InetSocketAddress bound, InetSocketAddress wanted) {
    // A wildcard bind may be reported as the IPv6 wildcard when IPv4 was asked for.
    return wanted.getAddress().isAnyLocalAddress()
        ? bound.getAddress().isAnyLocalAddress()
        : bound.getAddress().equals(wanted.getAddress());
  }
}
