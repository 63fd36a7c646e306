package org.musicanalytics.client.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void shouldRewriteOneLineAtMostFourTimesASecondAndClearItAtTheEnd() {
    StringWriter text = new StringWriter();
    AtomicLong now = new AtomicLong(1_000_000_000L);
    ProgressLine line = new ProgressLine(new PrintWriter(text), now::get);

    now.addAndGet(100_000_000L);
    line.recordsDone(1, 50_000);
    assertThat(text.toString()).as("too soon after the start").isEmpty();

    now.addAndGet(400_000_000L);
    line.recordsDone(2, 1_000_000);
    assertThat(text.toString())
        .isEqualTo("\r1,000,000 records, 2,000,000 records/s, 2 shards done");

    now.addAndGet(100_000_000L);
    line.recordsDone(3, 1_100_000);
    assertThat(text.toString()).as("too soon after the last update")
        .doesNotContain("3 shards");

    now.addAndGet(900_000_000L);
    line.recordsDone(4, 1_500_000);
    assertThat(text.toString()).endsWith("\r1,500,000 records, 1,000,000 records/s, 4 shards done");

    line.finished();
    String cleared = " ".repeat("1,500,000 records, 1,000,000 records/s, 4 shards done".length());
    assertThat(text.toString()).endsWith("\r" + cleared + "\r");
    assertThat(text.toString()).doesNotContain("\n");
  }
}
