package org.musicanalytics.lambdalocal;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Test fixture: an AWS SDK v2 Lambda client for a local endpoint, as a caller of a local
 * Invoke API builds one (a region and a dummy key, which local endpoints do not check), with
 * the SDK's retries off so that each answer is seen as the endpoint gave it.
 */
final class LocalSdkClients {

  private LocalSdkClients() {}

  /** A client for {@code endpoint}, each invoke within {@code callTimeout}. */
  static LambdaClient create(URI endpoint, Duration callTimeout) {
    return LambdaClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(callTimeout))
        .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)
            .retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
