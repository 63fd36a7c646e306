package org.musicanalytics.host.internal;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.musicanalytics.host.HostConfig;
import org.musicanalytics.host.Keepalive;
import org.musicanalytics.host.TlsFiles;

/** The Netty server builder a {@link HostConfig} describes: addresses, TLS, keepalive. */
public final class NettyServers {

  private NettyServers() {}

  /**
   * A builder listening on every address of {@code config}, with its message limit,
   * keepalive settings and, if it has TLS files, TLS.
   *
   * @throws IOException if a TLS file cannot be read, or is no usable PEM certificate
   *     chain or private key; the message names the files
   */
  public static NettyServerBuilder builder(HostConfig config) throws IOException {
    List<InetSocketAddress> listen = config.listenAddresses();
    NettyServerBuilder builder;
    try {
      builder = NettyServerBuilder.forAddress(listen.get(0), credentials(config.tls()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      // Netty reads the PEM files here: a file that is no certificate or key fails.
      throw new IOException(cannotUse(config.tls()) + Causes.messages(e), e);
    }
    for (InetSocketAddress address : listen.subList(1, listen.size())) {
      builder.addListenAddress(address);
    }
    builder.maxInboundMessageSize(config.maxInboundMessageBytes());
    Keepalive keepalive = config.keepalive();
    return builder
        .keepAliveTime(nanosOrNever(keepalive.time()), TimeUnit.NANOSECONDS)
        .keepAliveTimeout(keepalive.timeout().toNanos(), TimeUnit.NANOSECONDS)
        .permitKeepAliveTime(keepalive.permitTime().toNanos(), TimeUnit.NANOSECONDS)
        // A client pinging an idle connection within the permitted rate is no abuse.
        .permitKeepAliveWithoutCalls(true)
        .maxConnectionIdle(nanosOrNever(keepalive.maxConnectionIdle()), TimeUnit.NANOSECONDS)
        .maxConnectionAge(nanosOrNever(keepalive.maxConnectionAge()), TimeUnit.NANOSECONDS)
        .maxConnectionAgeGrace(keepalive.maxConnectionAgeGrace().toNanos(),
            TimeUnit.NANOSECONDS);
  }

  private static ServerCredentials credentials(TlsFiles tls) throws IOException {
    if (tls == null) {
      return InsecureServerCredentials.create();
    }
    try {
      return TlsServerCredentials.create(tls.certificateChain().toFile(),
          tls.privateKey().toFile());
    } catch (IOException | RuntimeException e) {
      throw new IOException(cannotUse(tls) + Causes.messages(e), e);
    }
  }

  private static String cannotUse(TlsFiles tls) {
    return "cannot use TLS certificate " + tls.certificateChain() + " with key "
        + tls.privateKey() + ": ";
  }

  /** Netty treats a very long time as "never"; 0 is how the settings say never. */
  private static long nanosOrNever(Duration duration) {
    return duration.isZero() ? Long.MAX_VALUE : duration.toNanos();
  }
}
