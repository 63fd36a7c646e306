package org.musicanalytics.host;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.musicanalytics.functions.Stage;

/**
 * Where and how the host listens.
 *
 * <p>The host serves every service on every listen address, so the old deployment's
 * clients find each service on whichever of the standard ports they expect. The
 * addresses are conventionally in {@link Stage} order (map-reduce, user behaviour,
 * genre analysis, recommendation), which is the order of {@link #STANDARD_PORTS} and of
 * the old client's environment variables.
 *
 * @param listenAddresses where to listen, at least one; port 0 picks a free port
 * @param maxInboundMessageBytes the largest request message accepted, in bytes
 * @param callLimits the executor's threads and the limit of calls in flight
 * @param keepalive keepalive pings and connection ages
 * @param tls the certificate and key to serve TLS with; null for plaintext
 */
public record HostConfig(List<InetSocketAddress> listenAddresses, int maxInboundMessageBytes,
    CallLimits callLimits, Keepalive keepalive, TlsFiles tls) {

  /** The old deployment's ports, in {@link Stage} order. */
  public static final List<Integer> STANDARD_PORTS =
      Arrays.stream(Stage.values()).map(Stage::standardPort).toList();

  /**
   * The default inbound message limit: 64 MiB, sixteen times gRPC's default 4 MiB, which
   * the old deployment hit with one request of typical data (README, "Scale").
   */
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

  /** The environment variable that sets {@link #maxInboundMessageBytes()}. */
  public static final String MAX_MESSAGE_BYTES_VARIABLE = "HOST_MAX_MESSAGE_BYTES";

  /** Loopback: local servers are not reachable from other machines unless asked. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /**
   * @throws IllegalArgumentException if there is no address, an address is unresolved,
   *     two addresses with the same fixed port overlap, or the size is not positive
   */
  public HostConfig {
    Objects.requireNonNull(callLimits, "callLimits");
    Objects.requireNonNull(keepalive, "keepalive");
    Objects.requireNonNull(listenAddresses, "listenAddresses");
    listenAddresses = List.copyOf(listenAddresses);
    if (listenAddresses.isEmpty()) {
      throw new IllegalArgumentException("at least one listen address is required");
    }
    Set<InetSocketAddress> fixed = new HashSet<>();
    for (InetSocketAddress address : listenAddresses) {
      if (address.isUnresolved()) {
        throw new IllegalArgumentException(
            "listen address " + address.getHostString() + " does not resolve");
      }
      // Two entries for one socket would fail at bind time with a less helpful message.
      if (address.getPort() != 0 && !fixed.add(address)) {
        throw new IllegalArgumentException("listen address " + format(address)
            + " is given twice; every service is served on every address, so each"
            + " address needs its own port");
      }
    }
    if (maxInboundMessageBytes <= 0) {
      throw new IllegalArgumentException(
          "maxInboundMessageBytes must be positive, was " + maxInboundMessageBytes);
    }
  }

  /** Plaintext, with the default call limits and keepalive. */
  public HostConfig(List<InetSocketAddress> listenAddresses, int maxInboundMessageBytes) {
    this(listenAddresses, maxInboundMessageBytes, CallLimits.defaults(), Keepalive.defaults(),
        null);
  }

  /** Loopback on the four standard ports, with the default message limit. */
  public static HostConfig defaults() {
    return fromEnvironment(Map.of());
  }

  /**
   * Loopback on four free ports (port 0, resolved when the host starts), for embedding
   * in another process and for tests.
   */
  public static HostConfig ephemeral() {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (int i = 0; i < Stage.values().length; i++) {
      addresses.add(new InetSocketAddress(DEFAULT_HOST, 0));
    }
    return new HostConfig(addresses, DEFAULT_MAX_INBOUND_MESSAGE_BYTES);
  }

  /**
   * The configuration the old client's environment describes: for each {@link Stage}
   * in order, {@code <PREFIX>_HOST} (default {@value #DEFAULT_HOST}) and
   * {@code <PREFIX>_PORT} (default its standard port); and
   * {@value #MAX_MESSAGE_BYTES_VARIABLE} (default 64 MiB); the variables of
   * {@link CallLimits#fromEnvironment}, {@link Keepalive#fromEnvironment} and
   * {@link TlsFiles#fromEnvironment}. A variable that is unset or blank takes its default.
   *
   * @param env the environment, e.g. {@link System#getenv()}
   * @throws IllegalArgumentException naming the variable whose value is bad
   */
  public static HostConfig fromEnvironment(Map<String, String> env) {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (Stage stage : Stage.values()) {
      String host = value(env, stage.hostVariable());
      String port = value(env, stage.portVariable());
      addresses.add(address(
          host == null ? DEFAULT_HOST : host, stage.hostVariable(),
          port == null ? stage.standardPort() : parsePort(port, stage.portVariable())));
    }
    String max = value(env, MAX_MESSAGE_BYTES_VARIABLE);
    return new HostConfig(addresses, max == null
        ? DEFAULT_MAX_INBOUND_MESSAGE_BYTES
        : HostSettingsReader.positiveInt(max, MAX_MESSAGE_BYTES_VARIABLE, "bytes"),
        CallLimits.fromEnvironment(env), Keepalive.fromEnvironment(env),
        TlsFiles.fromEnvironment(env));
  }

  /**
   * The configured address where old clients look for one stage's service (its index in
   * {@link #listenAddresses()}).
   */
  public InetSocketAddress address(Stage stage) {
    if (stage.ordinal() >= listenAddresses.size()) {
      throw new IllegalStateException("no listen address for " + stage + ": only "
          + listenAddresses.size() + " configured");
    }
    return listenAddresses.get(stage.ordinal());
  }

  /** This configuration with another message limit. */
  public HostConfig withMaxInboundMessageBytes(int bytes) {
    return new HostConfig(listenAddresses, bytes, callLimits, keepalive, tls);
  }

  /** This configuration with other listen addresses. */
  public HostConfig withListenAddresses(List<InetSocketAddress> addresses) {
    return new HostConfig(addresses, maxInboundMessageBytes, callLimits, keepalive, tls);
  }

  /** This configuration with other call limits. */
  public HostConfig withCallLimits(CallLimits limits) {
    return new HostConfig(listenAddresses, maxInboundMessageBytes, limits, keepalive, tls);
  }

  /** This configuration with other keepalive settings. */
  public HostConfig withKeepalive(Keepalive settings) {
    return new HostConfig(listenAddresses, maxInboundMessageBytes, callLimits, settings, tls);
  }

  /** This configuration serving TLS with {@code files}, or plaintext if null. */
  public HostConfig withTls(TlsFiles files) {
    return new HostConfig(listenAddresses, maxInboundMessageBytes, callLimits, keepalive,
        files);
  }

  /**
   * This configuration with every address on {@code host}, ports unchanged.
   *
   * @param host a host name or IP literal, e.g. {@code 0.0.0.0} to listen on every interface
   */
  public HostConfig withHost(String host) {
    return withHost(host, "host");
  }

  /** {@link #withHost(String)}, naming the setting {@code source} in an error. */
  HostConfig withHost(String host, String source) {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (InetSocketAddress address : listenAddresses) {
      addresses.add(address(host, source, address.getPort()));
    }
    return withListenAddresses(addresses);
  }

  /** This configuration with one stage's port replaced (0 picks a free port). */
  public HostConfig withPort(Stage stage, int port) {
    checkPort(port, stage.portVariable());
    InetSocketAddress current = address(stage);
    List<InetSocketAddress> addresses = new ArrayList<>(listenAddresses);
    addresses.set(stage.ordinal(), new InetSocketAddress(current.getAddress(), port));
    return withListenAddresses(addresses);
  }

  /** {@code host:port}, with IPv6 literals in brackets. */
  public static String format(InetSocketAddress address) {
    String host = address.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static String value(Map<String, String> env, String name) {
    return HostSettingsReader.value(env, name);
  }

  private static InetSocketAddress address(String host, String source, int port) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(
          source + " must be a host name or IP address, '" + host + "' does not resolve");
    }
    return address;
  }

  private static int parsePort(String value, String variable) {
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          variable + " must be a port number from 0 to 65535, was '" + value + "'");
    }
    checkPort(port, variable);
    return port;
  }

  private static void checkPort(int port, String variable) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          variable + " must be a port number from 0 to 65535, was " + port);
    }
  }
}
