package org.musicanalytics.functions.s3input;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the AWS SDK v2 S3 client of the client and of the functions.
 *
 * <p>With an endpoint override ({@code --s3-endpoint-url}, {@code AWS_ENDPOINT_URL_S3}) the
 * client addresses buckets by path, and checksums are computed only where S3 requires them:
 * S3-compatible servers (S3Proxy among them) refuse the flexible checksums the SDK sends
 * by default. On loopback, region and credentials fall back to {@code us-east-1} and a
 * dummy key when none is configured, so a local run needs no AWS setup.
 */
public final class S3Clients {

  /** The standard variable naming an S3 endpoint override. */
  public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_S3";

  private static final String LOCAL_REGION = "us-east-1";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private S3Clients() {}

  /** The SDK's system property for the same, which tests set in-process. */
  public static final String ENDPOINT_PROPERTY = "aws.endpointUrlS3";

  /** The endpoint {@value #ENDPOINT_VARIABLE} (or {@value #ENDPOINT_PROPERTY}) names, if set. */
  public static Optional<URI> endpointFromEnvironment() {
    String value = System.getProperty(ENDPOINT_PROPERTY, System.getenv(ENDPOINT_VARIABLE));
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(URI.create(value));
  }

  /**
   * A client for S3, or for {@code endpoint} if given. The SDK's own retries stay on for
   * calls that fail before their body is read; a body that fails mid-read is re-requested
   * by {@link S3Input}.
   *
   * @throws SdkClientException with a one-line message if no region can be found
   */
  public static S3Client create(Optional<URI> endpoint) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(READ_TIMEOUT))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    endpoint.ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
    if (endpoint.isPresent() && isLoopback(endpoint.get())) {
      builder.region(localRegion()).credentialsProvider(localCredentials());
    }
    try {
      return builder.build();
    } catch (SdkClientException e) {
      if (!String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("region")) {
        throw e;
      }
      throw SdkClientException.create("no AWS region is configured (set AWS_REGION or a "
          + "profile's region; a loopback S3 endpoint needs none)", e);
    }
  }

  /** Whether {@code endpoint} is on this machine: localhost or a loopback address. */
  public static boolean isLoopback(URI endpoint) {
    String host = endpoint.getHost();
    if (host == null) {
      return false;
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!literal.contains(":") && !literal.matches("[0-9.]+")) {
      return false; // a name: not resolved here, and not assumed local
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static Region localRegion() {
    try {
      return new AwsRegionProviderChain(new SystemSettingsRegionProvider(),
          new AwsProfileRegionProvider()).getRegion();
    } catch (SdkClientException | IllegalStateException e) {
      return Region.of(LOCAL_REGION);
    }
  }

  private static AwsCredentialsProvider localCredentials() {
    return AwsCredentialsProviderChain.builder()
        .reuseLastProviderEnabled(true)
        .credentialsProviders(
            EnvironmentVariableCredentialsProvider.create(),
            SystemPropertyCredentialsProvider.create(),
            ProfileCredentialsProvider.create(),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }
}
