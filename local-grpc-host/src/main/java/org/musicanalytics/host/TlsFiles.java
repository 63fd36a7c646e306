package org.musicanalytics.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The host's TLS identity: a certificate chain and its private key, both PEM files (the
 * key unencrypted PKCS#8, {@code -----BEGIN PRIVATE KEY-----}, or PKCS#1 RSA). Clients
 * then need the certificate of the CA that signed it ({@code run --tls-ca}), or the
 * certificate itself if it is self-signed.
 *
 * @param certificateChain the host's certificate first, then any intermediates
 * @param privateKey the certificate's private key
 */
public record TlsFiles(Path certificateChain, Path privateKey) {

  /** The environment variable naming {@link #certificateChain()}. */
  public static final String CERT_VARIABLE = "HOST_TLS_CERT";

  /** The environment variable naming {@link #privateKey()}. */
  public static final String KEY_VARIABLE = "HOST_TLS_KEY";

  public TlsFiles {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
  }

  /**
   * The files of {@value #CERT_VARIABLE} and {@value #KEY_VARIABLE}; null (plaintext) if
   * neither is set.
   *
   * @throws IllegalArgumentException if only one is set, or a file is not readable
   */
  public static TlsFiles fromEnvironment(Map<String, String> env) {
    String cert = HostSettingsReader.value(env, CERT_VARIABLE);
    String key = HostSettingsReader.value(env, KEY_VARIABLE);
    return of(cert == null ? null : Path.of(cert), key == null ? null : Path.of(key),
        CERT_VARIABLE, KEY_VARIABLE);
  }

  /**
   * Both files, or null (plaintext) if neither is given.
   *
   * @param certSource where the certificate's path came from, for an error, e.g. a flag
   * @param keySource where the key's path came from
   * @throws IllegalArgumentException naming the missing one if only one is given, or the
   *     file that is not a readable regular file
   */
  public static TlsFiles of(Path cert, Path key, String certSource, String keySource) {
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null || key == null) {
      throw new IllegalArgumentException(certSource + " and " + keySource + " go together:"
          + " TLS needs both the certificate and its private key, "
          + (cert == null ? keySource + " was given without " + certSource
              : certSource + " was given without " + keySource));
    }
    return new TlsFiles(readable(cert, certSource), readable(key, keySource));
  }

  private static Path readable(Path file, String source) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(source + " must be a readable PEM file, "
          + file.toAbsolutePath() + (Files.exists(file) ? " is not readable" : " does not exist"));
    }
    return file;
  }
}
