package org.musicanalytics.client.run.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.grpc.HostPort;
import org.musicanalytics.client.metrics.RunMetrics;
import org.musicanalytics.client.run.RunCommand;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import picocli.CommandLine;

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
  void shouldServeTheEmbeddedHostsCallMetricsBesideTheRunsOwn() throws Exception {
    CommandLine command = new CommandLine(new RunCommand(Map.of()))
        .registerConverter(HostPort.class, HostPort::parse);
    command.parseArgs("--target", "embedded");
    RunOptions options =
        (RunOptions) command.getCommandSpec().mixins().get("options").userObject();
    options.check();
    StreamList plays = StreamList.newBuilder()
        .addRecords(play("u1", "s1"))
        .addRecords(play("u2", "s2"))
        .addRecords(play("u1", "s2"))
        .build();

    try (RunMetrics metrics = RunMetrics.serve(() -> 0, freePort())) {
      RunTarget target = RunTarget.of(options, Map.of())
          .withEmbeddedHostMetrics(metrics.hostMetrics());
      try (RunTarget.Opened opened = target.open()) {
        opened.stages().aggregateStream(plays);
        opened.stages().aggregateStream(plays);
        String scraped = scrape(metrics.port());
        assertThat(scraped)
            .contains("music_analytics_host_records_total{stage=\"mapreduce\"} 6.0")
            .contains("grpc_server_processing_duration_seconds_count{"
                + "method=\"AggregateStream\",methodType=\"UNARY\","
                + "service=\"music.MapReduceService\",statusCode=\"OK\"} 2")
            .contains("music_analytics_run_records ");
      }
    }
  }

  @Test
  void shouldServeNoHostMetricsWhenTheRunServesNone() throws Exception {
    try (RunMetrics metrics = RunMetrics.serve(() -> 0, 0)) {
      assertThat(metrics.hostMetrics()).isNull();
    }
  }

  private static StreamRecord play(String user, String song) {
    return StreamRecord.newBuilder().setUserId(user).setSongId(song).setArtist("A")
        .setDuration(60).setTimestamp("2026-01-02T03:04:05").setGenre("Pop").build();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String scrape(int port) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + RunMetrics.PATH)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
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
