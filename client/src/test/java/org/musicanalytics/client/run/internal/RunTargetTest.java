package org.musicanalytics.client.run.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunTargetTest {

  @Test
  void shouldKeepAsManyLocalShardsInFlightAsTheHeapHolds() {
    long mib = 1024 * 1024;
    long shard = 16 * mib;
    // The launcher's heap as the parallel collector gives it: 2 cores keep cores + 1.
    assertThat(RunTarget.localConcurrency(3, 569 * mib, shard)).isEqualTo(3);
    // 16 cores: as many as fit beside the merged answers, not 17.
    assertThat(RunTarget.localConcurrency(17, 569 * mib, shard)).isEqualTo(3);
    assertThat(RunTarget.localConcurrency(17, 4096 * mib, shard)).isEqualTo(17);
    // Shards larger than the heap allows: one at a time, never none.
    assertThat(RunTarget.localConcurrency(3, 569 * mib, 64 * mib)).isEqualTo(1);
    assertThat(RunTarget.localConcurrency(3, 48 * mib, shard)).isEqualTo(1);
  }

  @Test
  void shouldKeepOneRangeInFlightPerCoreOnALoopbackEndpointAndTheReservedConcurrencyOnAws() {
    assertThat(RunTarget.defaultS3LambdaConcurrency(
        Optional.of(URI.create("http://127.0.0.1:3001"))))
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(RunTarget.defaultS3LambdaConcurrency(Optional.empty()))
        .isEqualTo(RunTarget.DEFAULT_S3_LAMBDA_CONCURRENCY);
    assertThat(RunTarget.defaultS3LambdaConcurrency(
        Optional.of(URI.create("https://lambda.eu-west-1.amazonaws.com"))))
        .isEqualTo(RunTarget.DEFAULT_S3_LAMBDA_CONCURRENCY);
  }
}
