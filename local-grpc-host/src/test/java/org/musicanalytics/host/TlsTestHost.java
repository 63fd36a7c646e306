package org.musicanalytics.host;

import java.nio.file.Path;
import java.util.List;

/**
 * A host serving TLS on loopback with a certificate made for the test ({@link #identity}),
 * and a second certificate it does not use ({@link #stranger}), for clients that trust the
 * wrong one.
 */
public record TlsTestHost(TestCertificates.Identity identity,
    TestCertificates.Identity stranger, AnalyticsHost host) implements AutoCloseable {

  /** Makes the certificates in {@code directory} and starts the host on free ports. */
  public static TlsTestHost start(Path directory) throws Exception {
    List<TestCertificates.Identity> identities =
        TestCertificates.selfSigned(directory, "host", "stranger");
    TestCertificates.Identity identity = identities.get(0);
    return new TlsTestHost(identity, identities.get(1),
        AnalyticsHost.start(HostConfig.ephemeral().withTls(identity.tlsFiles())));
  }

  /** The port of the host's first address. */
  public int port() {
    return host.addresses().get(0).getPort();
  }

  @Override
  public void close() {
    host.close();
  }
}
