package org.musicanalytics.lambdalocal.internal;

import java.io.PrintStream;

/**
 * Standard output without the {@code ======> SOURCE: ...} line that Spring Cloud
 * Function's {@code FunctionalSpringApplication} prints with {@code System.out.println}
 * each time a function's context starts: it is no log line, and it says nothing to a user.
 */
public final class SpringSourceLines extends PrintStream {

  /** How the line starts. */
  public static final String PREFIX = "======> SOURCE: ";

  /** @param out where every other line goes */
  public SpringSourceLines(PrintStream out) {
    super(out, true);
  }

  @Override
  public void println(String line) {
    if (line == null || !line.startsWith(PREFIX)) {
      super.println(line);
    }
  }
}
