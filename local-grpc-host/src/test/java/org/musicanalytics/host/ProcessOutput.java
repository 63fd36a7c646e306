package org.musicanalytics.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A child JVM's output gathered while it runs, for tests that start the host or the client
 * in a process of its own (to signal or kill it) and assert on what it printed.
 */
public final class ProcessOutput {

  private ProcessOutput() {}

  /**
   * Appends every line {@code process} writes to its standard output (with standard error
   * redirected into it) to {@code output}, until the stream ends; meant for a thread of
   * its own. A read failure is appended too, so that a test's message shows it.
   */
  public static void collect(Process process, StringBuffer output) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.append(line).append('\n');
      }
    } catch (IOException e) {
      output.append("(output unreadable: ").append(e).append(")\n");
    }
  }
}
