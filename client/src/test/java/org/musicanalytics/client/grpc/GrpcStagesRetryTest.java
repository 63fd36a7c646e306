package org.musicanalytics.client.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.pipeline.RetryPolicy;

/** Which gRPC failures {@link GrpcStages} retries. */
class GrpcStagesRetryTest {

  private static StatusRuntimeException failure(Status status, String pushback) {
    Metadata trailers = new Metadata();
    if (pushback != null) {
      trailers.put(Metadata.Key.of(GrpcStages.PUSHBACK_HEADER,
          Metadata.ASCII_STRING_MARSHALLER), pushback);
    }
    return status.asRuntimeException(trailers);
  }

  @Test
  void shouldRetryAnUnavailableHost() {
    assertThat(GrpcStages.verdict(failure(Status.UNAVAILABLE, null)))
        .isEqualTo(RetryPolicy.Verdict.RETRY);
  }

  @Test
  void shouldRetryAConnectionClosedUnderTheCall() {
    assertThat(GrpcStages.verdict(Status.UNKNOWN.withDescription("channel closed")
        .asRuntimeException())).isEqualTo(RetryPolicy.Verdict.RETRY);
    assertThat(GrpcStages.verdict(Status.UNKNOWN.withCause(
        new java.nio.channels.ClosedChannelException()).asRuntimeException()))
        .isEqualTo(RetryPolicy.Verdict.RETRY);
    // Any other UNKNOWN is the server's failure, and would fail again.
    assertThat(GrpcStages.verdict(Status.UNKNOWN.withDescription("Application error")
        .asRuntimeException())).isEqualTo(RetryPolicy.Verdict.FINAL);
  }

  @Test
  void shouldNotRetryAFailedTlsHandshake() {
    Status untrusted = Status.UNAVAILABLE.withDescription("io exception").withCause(
        new RuntimeException("General OpenSslEngine problem",
            new javax.net.ssl.SSLHandshakeException("unable to find valid certification path")));

    assertThat(GrpcStages.verdict(untrusted.asRuntimeException()))
        .isEqualTo(RetryPolicy.Verdict.FINAL);
  }

  @Test
  void shouldRetryLoadSheddingNoSoonerThanItsPushback() {
    assertThat(GrpcStages.verdict(failure(Status.RESOURCE_EXHAUSTED, "250")))
        .isEqualTo(RetryPolicy.Verdict.retryAfter(Duration.ofMillis(250)));
  }

  @Test
  void shouldNotRetryResourceExhaustedWithoutAUsablePushback() {
    // An oversize message: the same request would be refused again.
    assertThat(GrpcStages.verdict(failure(Status.RESOURCE_EXHAUSTED, null)))
        .isEqualTo(RetryPolicy.Verdict.FINAL);
    // gRPC: a negative or unreadable pushback means do not retry.
    assertThat(GrpcStages.verdict(failure(Status.RESOURCE_EXHAUSTED, "-1")))
        .isEqualTo(RetryPolicy.Verdict.FINAL);
    assertThat(GrpcStages.verdict(failure(Status.RESOURCE_EXHAUSTED, "soon")))
        .isEqualTo(RetryPolicy.Verdict.FINAL);
  }

  @Test
  void shouldNotRetryInvalidArgumentsDeadlinesOrInternalErrors() {
    for (Status status : new Status[] {Status.INVALID_ARGUMENT, Status.DEADLINE_EXCEEDED,
        Status.INTERNAL, Status.UNIMPLEMENTED, Status.CANCELLED}) {
      assertThat(GrpcStages.verdict(failure(status, "100"))).as(status.toString())
          .isEqualTo(RetryPolicy.Verdict.FINAL);
    }
    assertThat(GrpcStages.verdict(new IllegalStateException("a bug")))
        .isEqualTo(RetryPolicy.Verdict.FINAL);
  }
}
