package org.musicanalytics.functions.s3input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

class S3InputTest {

  private static S3ProxyServer server;
  private static byte[] object;

  @BeforeAll
  static void start() throws Exception {
    server = S3ProxyServer.open();
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 300_000; i++) {
      text.append("line ").append(i).append('\n');
    }
    object = text.toString().getBytes(StandardCharsets.UTF_8);
    server.put("plays", "data.csv", object);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void shouldReadFromTheByteBeforeTheRangeToTheEndOfTheObject() throws Exception {
    try (S3Client s3 = server.client()) {
      S3Input input = new S3Input(s3);
      PinnedObject pinned = input.head(S3Location.parse("s3://plays/data.csv"));
      assertThat(pinned.size()).isEqualTo(object.length);
      try (InputStream in = input.open(pinned, 1000, 2000)) {
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(object, 999, object.length));
      }
    }
  }

  @Test
  void shouldRequestAgainFromWhereAReadFailedMidRange() throws Exception {
    try (S3Client s3 = server.clientFailingReads(2, 5000)) {
      S3Input input = new S3Input(s3, 4, Duration.ofMillis(1));
      PinnedObject pinned = input.head(S3Location.parse("s3://plays/data.csv"));
      try (InputStream in = input.open(pinned, 0, 100_000)) {
        assertThat(in.readAllBytes()).isEqualTo(object);
      }
    }
  }

  @Test
  void shouldFailInOneLineWhenReadsKeepFailingWithoutProgress() throws Exception {
    // A read that makes progress resets the count; one that fails at once does not.
    try (S3Client s3 = server.clientFailingReads(100, 0)) {
      S3Input input = new S3Input(s3, 2, Duration.ofMillis(1));
      PinnedObject pinned = input.head(S3Location.parse("s3://plays/data.csv"));
      try (InputStream in = input.open(pinned, 0, 100)) {
        assertThatThrownBy(in::readAllBytes)
            .isInstanceOf(S3InputException.class)
            .hasMessage("s3://plays/data.csv: reading from byte 0 failed 3 times: "
                + "connection reset (injected by the test)");
      }
    }
  }

  @Test
  void shouldNameAMissingBucketOrKey() {
    try (S3Client s3 = server.client()) {
      S3Input input = new S3Input(s3);
      assertThatThrownBy(() -> input.head(S3Location.parse("s3://plays/nothing.csv")))
          .isInstanceOf(S3InputException.class)
          .hasMessage("s3://plays/nothing.csv: no such key 'nothing.csv' in bucket 'plays'");
      assertThatThrownBy(() -> input.head(S3Location.parse("s3://no-bucket/data.csv")))
          .isInstanceOf(S3InputException.class)
          .hasMessage("s3://no-bucket/data.csv: no such bucket 'no-bucket'");
    }
  }

  @Test
  void shouldFailAReadOfAnObjectThatChangedSinceItsHead() throws Exception {
    server.put("plays", "changing.csv", "a\nb\n".getBytes(StandardCharsets.UTF_8));
    try (S3Client s3 = server.client()) {
      S3Input input = new S3Input(s3);
      PinnedObject pinned = input.head(S3Location.parse("s3://plays/changing.csv"));
      server.put("plays", "changing.csv", "c\nd\n".getBytes(StandardCharsets.UTF_8));
      try (InputStream in = input.open(pinned, 0, 4)) {
        assertThatThrownBy(in::readAllBytes)
            .isInstanceOf(S3InputException.class)
            .hasMessage("s3://plays/changing.csv: it changed during the run: it no longer has "
                + "ETag " + pinned.etag() + " (run again to read the new version)");
      }
    }
  }

  @Test
  void shouldSayAccessDeniedForKeysTheServerDoesNotKnow() throws Exception {
    try (S3ProxyServer guarded = S3ProxyServer.withCredentials()) {
      guarded.put("private", "data.csv", object);
      try (S3Client s3 = guarded.client("someone-else", "wrong")) {
        assertThatThrownBy(() -> new S3Input(s3).head(S3Location.parse("s3://private/data.csv")))
            .isInstanceOf(S3InputException.class)
            .hasMessageStartingWith("s3://private/data.csv: access denied");
      }
    }
  }

  @Test
  void shouldRefuseALocationWithoutAKey() {
    assertThatThrownBy(() -> S3Location.parse("s3://bucket-only"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a bucket and a key");
  }

}
