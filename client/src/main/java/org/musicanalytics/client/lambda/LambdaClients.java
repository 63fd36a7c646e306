package org.musicanalytics.client.lambda;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

/**
 * Builds the AWS SDK v2 Lambda client of a run.
 *
 * <p>With an endpoint on loopback ({@code sam local start-lambda},
 * {@code music-analytics lambda-local}), the credential and region chains fall back to
 * region {@value #LOCAL_REGION} and a dummy key, so a local run needs no AWS setup. The
 * SDK does not retry: {@link LambdaStages} retries with the run's
 * {@link org.musicanalytics.client.pipeline.RetryPolicy}, as every target does.
 */
public final class LambdaClients {

  /** The region assumed for a loopback endpoint when none is configured. */
  public static final String LOCAL_REGION = "us-east-1";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private LambdaClients() {}

  /**
   * A client for Lambda, or for {@code endpoint} if given.
   *
   * @param callTimeout how long one invoke may take, retries included
   * @throws SdkClientException with a one-line message if no region can be found
   */
  public static LambdaClient create(Optional<URI> endpoint, Duration callTimeout) {
    LambdaClientBuilder builder = LambdaClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            // The read timeout must not cut a long invocation short: the call timeout does.
            .socketTimeout(callTimeout.plus(CONNECT_TIMEOUT)))
        // One retry mechanism for every target: the run's RetryPolicy (LambdaStages), so
        // the SDK's own retries are off rather than multiplying the attempts.
        .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)
            .retryStrategy(AwsRetryStrategy.doNotRetry()));
    endpoint.ifPresent(builder::endpointOverride);
    if (endpoint.isPresent() && isLoopback(endpoint.get())) {
      builder.region(localRegion()).credentialsProvider(localCredentials());
    }
    try {
      return builder.build();
    } catch (SdkClientException e) {
      if (!String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("region")) {
        throw e;
      }
      throw SdkClientException.create("no AWS region is configured (set AWS_REGION or a "
          + "profile's region; a loopback --endpoint-url needs none)", e);
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
