package org.musicanalytics.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

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
   * New self-signed identities for 127.0.0.1 and localhost, one per name:
   * {@code <name>.crt.pem} and {@code <name>.key.pem} (unencrypted PKCS#8) in
   * {@code directory}. The keytool runs go in parallel: each is a JVM start.
   */
  public static List<Identity> selfSigned(Path directory, String... names)
      throws IOException, InterruptedException {
    List<Process> runs = new ArrayList<>();
    for (String name : names) {
      runs.add(new ProcessBuilder(keytool(directory, name, "EC")).redirectErrorStream(true)
          .start());
    }
    List<Identity> identities = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      Process process = runs.get(i);
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        runs.forEach(Process::destroyForcibly);
        throw new IOException("keytool failed: " + output);
      }
      identities.add(export(directory, names[i]));
    }
    return identities;
  }

  /**
   * A new self-signed RSA identity for 127.0.0.1 and localhost whose key file is PKCS#1,
   * {@code -----BEGIN RSA PRIVATE KEY-----}, as {@code openssl genrsa} and older tools
   * write it.
   */
  public static Identity selfSignedRsaPkcs1(Path directory, String name)
      throws IOException, InterruptedException {
    Process run = new ProcessBuilder(keytool(directory, name, "RSA")).redirectErrorStream(true)
        .start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    Identity pkcs8 = export(directory, name);
    String body = Files.readString(pkcs8.privateKey()).replaceAll("-----[A-Z ]+-----|\\s", "");
    byte[] pkcs1 = PrivateKeyInfo.getInstance(Base64.getDecoder().decode(body))
        .parsePrivateKey().toASN1Primitive().getEncoded();
    Files.writeString(pkcs8.privateKey(), pem("RSA PRIVATE KEY", pkcs1));
    return pkcs8;
  }

  private static List<String> keytool(Path directory, String name, String algorithm) {
    List<String> key = algorithm.equals("RSA")
        ? List.of("-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA")
        : List.of("-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", name));
    command.addAll(key);
    command.addAll(List.of("-dname", "CN=" + name + ", O=music-analytics tests",
        "-validity", "2", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-keystore", keyStore(directory, name).toString(), "-storetype", "PKCS12",
        "-storepass", PASSWORD, "-keypass", PASSWORD));
    return command;
  }

  private static Path keyStore(Path directory, String name) {
    return directory.resolve(name + ".p12");
  }

  /** The key store's certificate and key as PEM files; the key store is deleted. */
  private static Identity export(Path directory, String name) throws IOException {
    Path keyStore = keyStore(directory, name);
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
