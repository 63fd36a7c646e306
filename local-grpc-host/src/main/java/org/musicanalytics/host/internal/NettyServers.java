package org.musicanalytics.host.internal;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
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
    try (InputStream chain = Files.newInputStream(tls.certificateChain())) {
      return TlsServerCredentials.newBuilder()
          .keyManager(chain, new ByteArrayInputStream(pkcs8Pem(tls.privateKey())))
          .build();
    } catch (IOException | RuntimeException e) {
      throw new IOException(cannotUse(tls) + Causes.messages(e), e);
    }
  }

  /**
   * The private key as unencrypted PKCS#8 PEM, which is what grpc-java reads: a PKCS#8 key
   * as it is, a PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE
   * KEY}) key converted, by BouncyCastle's PEM parser.
   *
   * @throws IOException if the file holds no such key, or an encrypted one
   */
  static byte[] pkcs8Pem(Path key) throws IOException {
    Object parsed;
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(key,
        StandardCharsets.US_ASCII))) {
      parsed = parser.readObject();
    }
    PrivateKeyInfo info;
    if (parsed instanceof PrivateKeyInfo pkcs8) {
      info = pkcs8;
    } else if (parsed instanceof PEMKeyPair pair) {
      info = pair.getPrivateKeyInfo();
    } else if (parsed == null) {
      throw new IOException("no PEM private key in " + key);
    } else {
      throw new IOException(key + " holds " + describe(parsed) + ", not an unencrypted "
          + "private key (PKCS#8 BEGIN PRIVATE KEY, or PKCS#1 BEGIN RSA PRIVATE KEY)");
    }
    StringWriter pem = new StringWriter();
    try (PemWriter writer = new PemWriter(pem)) {
      writer.writeObject(new PemObject("PRIVATE KEY", info.getEncoded()));
    }
    return pem.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String describe(Object parsed) {
    String name = parsed.getClass().getSimpleName();
    return name.contains("Encrypted") ? "an encrypted key" : "something else (" + name + ")";
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
