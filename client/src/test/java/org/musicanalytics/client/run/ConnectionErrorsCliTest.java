package org.musicanalytics.client.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.client.CliProcess;

/**
 * {@code music-analytics run --target grpc} in a process of its own against addresses
 * where no host answers: one line on stderr saying what to do, no stack trace, no log
 * line of grpc-java's, and no results.
 */
class ConnectionErrorsCliTest {

  private static final String PLAYS = "user_id,song_id,artist,duration,timestamp,genre\n"
      + "U1,S1,Adele,200,2025-11-05T10:00:00,Soul\n";

  @TempDir
  Path directory;

  private CliProcess runAgainst(String address) throws Exception {
    Path input = Files.writeString(directory.resolve("plays.csv"), PLAYS);
    return CliProcess.run("run", "--target", "grpc", "--input", input.toString(),
        "--results", directory.resolve("results").toString(), "--retries", "1",
        "--retry-delay", "0.01", "--mapreduce-address", address, "--userbehavior-address",
        address, "--genre-address", address, "--recommendation-address", address);
  }

  @Test
  void shouldSayToStartAHostWhenNoneListens() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + closedPort;

    CliProcess run = runAgainst(address);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.firstErrorLine()).startsWith("music-analytics run: ShardAnalysis (MapReduce, "
        + "UserBehavior, GenreAnalysis in one call) stage failed (gRPC " + address + ", asking "
        + "for the fused call, before the first shard): after 2 attempts: no host at " + address
        + " (connection refused): start one with `./music-analytics host`, or use the default "
        + "embedded target; its partial run directory ");
    assertThat(run.err()).hasLineCount(1);
    assertThat(run.out()).isEmpty();
    assertThat(directory.resolve("results").resolve("runs")).isEmptyDirectory();
  }

  @Test
  void shouldSayTheHostNameDoesNotResolveInOneLine() throws Exception {
    String address = "no-such-host.invalid:50051";

    CliProcess run = runAgainst(address);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.firstErrorLine()).startsWith("music-analytics run: ShardAnalysis")
        .contains("the host name of " + address + " does not resolve: check the address");
    assertThat(run.err()).as("no grpc-java log line, no stack trace").hasLineCount(1)
        .doesNotContain("Exception");
  }
}
