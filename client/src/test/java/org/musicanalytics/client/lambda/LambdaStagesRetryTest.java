package org.musicanalytics.client.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.pipeline.RetryPolicy;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.ServiceException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** Which Lambda failures {@link LambdaStages} retries. */
class LambdaStagesRetryTest {

  @Test
  void shouldRetryThrottlingNoSoonerThanItsRetryAfter() {
    assertThat(LambdaStages.verdict((RuntimeException) TooManyRequestsException.builder()
        .statusCode(429).retryAfterSeconds("2").build()))
        .isEqualTo(RetryPolicy.Verdict.retryAfter(Duration.ofSeconds(2)));
    assertThat(LambdaStages.verdict((RuntimeException) TooManyRequestsException.builder()
        .statusCode(429).build()))
        .isEqualTo(RetryPolicy.Verdict.RETRY);
  }

  @Test
  void shouldRetryServiceErrorsAndFailedConnections() {
    assertThat(LambdaStages.verdict((RuntimeException) ServiceException.builder()
        .statusCode(500).build())).isEqualTo(RetryPolicy.Verdict.RETRY);
    assertThat(LambdaStages.verdict(SdkClientException.create("Unable to execute HTTP request",
        new ConnectException("Connection refused")))).isEqualTo(RetryPolicy.Verdict.RETRY);
  }

  @Test
  void shouldNotRetryClientErrorsOrTheCallTimeout() {
    assertThat(LambdaStages.verdict((RuntimeException) ResourceNotFoundException.builder()
        .statusCode(404).build())).isEqualTo(RetryPolicy.Verdict.FINAL);
    assertThat(LambdaStages.verdict((RuntimeException) InvalidRequestContentException.builder()
        .statusCode(400).build())).isEqualTo(RetryPolicy.Verdict.FINAL);
    assertThat(LambdaStages.verdict((RuntimeException) RequestTooLargeException.builder()
        .statusCode(413).build())).isEqualTo(RetryPolicy.Verdict.FINAL);
    assertThat(LambdaStages.verdict(ApiCallTimeoutException.create(1000)))
        .isEqualTo(RetryPolicy.Verdict.FINAL);
  }
}
