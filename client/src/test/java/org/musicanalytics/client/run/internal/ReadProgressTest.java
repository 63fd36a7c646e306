package org.musicanalytics.client.run.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.musicanalytics.csv.Utf8RowSink;

/**
 * The progress bar of a read paced by the test: what it shows, from the bytes read and the
 * rows counted, and the clearing at the end.
 */
class ReadProgressTest {

  private static final int MIB = 1024 * 1024;

  /**
   * Reads 4 MiB a MiB at a time, 1,000 rows a MiB, pausing between reads for redraws.
   *
   * @return the rows that reached the sink behind the counting one
   */
  private static int read(ReadProgress progress) throws Exception {
    AtomicInteger passed = new AtomicInteger();
    Utf8RowSink rows = progress.counting(row -> passed.incrementAndGet());
    try (InputStream in = progress.counting(new ByteArrayInputStream(new byte[4 * MIB]))) {
      byte[] chunk = new byte[MIB];
      while (in.readNBytes(chunk, 0, MIB) > 0) {
        for (int i = 0; i < 1000; i++) {
          rows.accept(null);
        }
        // More than two redraws apart: each read is drawn, and the last after a second.
        Thread.sleep(600);
      }
    }
    return passed.get();
  }

  @Test
  void shouldShowTheShareTheSizeTheRateTheTimeLeftAndTheRowsFromTheBytesRead()
      throws Exception {
    StringWriter err = new StringWriter();
    int passed;
    try (ReadProgress progress = ReadProgress.start(new PrintWriter(err), 4L * MIB)) {
      passed = read(progress);
    }

    // The third MiB is read after 1.2 s: a rate by then, and the rows of the first two.
    assertThat(err.toString()).containsPattern("\rReading +75% \\[=+ +\\] 3/4 MiB "
        + "\\([0-9]+:[0-9]{2}:[0-9]{2} / [0-9]+:[0-9]{2}:[0-9]{2}\\) [0-9]+\\.[0-9] MiB/s "
        + "2,000 rows");
    assertThat(err.toString()).doesNotContain("\u001b");
    assertThat(passed).isEqualTo(4000);
  }

  @Test
  void shouldClearTheLineOnceThoughClosedTwice() throws Exception {
    StringWriter err = new StringWriter();
    ReadProgress progress = ReadProgress.start(new PrintWriter(err), 4L * MIB);
    read(progress);

    progress.close();
    String closed = err.toString();
    progress.close();

    assertThat(closed).containsPattern("\r +\r$").contains("Reading 100% [");
    assertThat(err.toString()).isEqualTo(closed);
  }
}
