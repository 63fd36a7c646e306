package org.musicanalytics.host;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.musicanalytics.host.internal.OneLineFormatter;

/**
 * The host's logging, through {@code java.util.logging}: every host logger is under
 * {@value #LOGGER_NAME}, and the per-call lines are at {@code INFO}.
 *
 * <p>Use these methods rather than {@code Logger.getLogger(...).setLevel(...)}: the JDK
 * holds loggers weakly, so a level set on a logger nobody references is lost when it is
 * collected. This class keeps the reference.
 */
public final class HostLogging {

  /** The parent of every logger of the host. */
  public static final String LOGGER_NAME = "org.musicanalytics.host";

  private static final Logger HOST = Logger.getLogger(LOGGER_NAME);
  private static Handler console;

  private HostLogging() {}

  /**
   * Sends the host's log to standard error, one line per record, instead of the JDK's
   * two-line default. Idempotent.
   */
  public static synchronized void useOneLineConsole() {
    if (console == null) {
      console = new ConsoleHandler();
      console.setFormatter(new OneLineFormatter());
      console.setLevel(Level.ALL);
      HOST.addHandler(console);
      HOST.setUseParentHandlers(false);
    }
  }

  /** Sets the host's log level, e.g. {@link Level#WARNING} to drop the per-call lines. */
  public static void setLevel(Level level) {
    HOST.setLevel(level);
  }
}
