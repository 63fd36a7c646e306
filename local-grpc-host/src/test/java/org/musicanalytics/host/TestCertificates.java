package org.musicanalytics.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: TLS identities made at test time, so no key is ever committed. The JDK's
 * {@code keytool} makes a self-signed EC certificate valid for {@code 127.0.0.1} and
 * {@code localhost}; this class writes it and its key as the PEM files the host reads
 * ({@code --tls-cert}, {@code --tls-key}). A self-signed certificate is its own CA: a
 * client trusts it with {@code --tls-ca} pointing at the certificate file.
 *
 * <p>Shared with the client's tests through this module's test jar.
 */
public final class TestCertificates {

  private static final String PASSWORD = "test-only";

  /** A certificate and its private key, as PEM files. */
  public record Identity(Path certificate, Path privateKey) {
    /** The files as the host takes them. */
    public TlsFiles tlsFiles() {
      return new TlsFiles(certificate, privateKey);
    }
  }

  private TestCertificates() {}

  /**
   * A new self-signed identity for 127.0.0.1 and localhost: {@code <name>.crt.pem} and
   * {@code <name>.key.pem} (unencrypted PKCS#8) in {@code directory}.
   */
  public static Identity selfSigned(Path directory, String name)
      throws IOException, InterruptedException {
    Path keyStore = directory.resolve(name + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process = new ProcessBuilder(List.of(keytool, "-genkeypair",
        "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-sigalg", "SHA256withECDSA", "-dname", "CN=" + name + ", O=music-analytics tests",
        "-validity", "2", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-keystore", keyStore.toString(), "-storetype", "PKCS12",
        "-storepass", PASSWORD, "-keypass", PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("keytool failed: " + output);
    }
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      Path certificate = directory.resolve(name + ".crt.pem");
      Path privateKey = directory.resolve(name + ".key.pem");
      Files.writeString(certificate,
          pem("CERTIFICATE", store.getCertificate(name).getEncoded()));
      // PKCS#8 is what Key.getEncoded() gives for a private key.
      Files.writeString(privateKey,
          pem("PRIVATE KEY", store.getKey(name, PASSWORD.toCharArray()).getEncoded()));
      return new Identity(certificate, privateKey);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the key store keytool wrote: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(keyStore);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
