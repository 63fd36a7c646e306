package org.musicanalytics.client.run.internal;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * grpc-java's and its shaded Netty's own log, through {@code java.util.logging}: off for a
 * run unless {@code --verbose}, since every failure they log also reaches the user as the
 * run's one-line error (an unresolvable host name, for one, is logged with stack traces).
 *
 * <p>The loggers are kept here: the JDK holds loggers weakly, and a level set on one that
 * nobody references is lost when it is collected.
 */
final class TransportLogging {

  private static final List<Logger> TRANSPORT = List.of(Logger.getLogger("io.grpc"),
      Logger.getLogger("io.grpc.netty.shaded.io.netty"), Logger.getLogger("io.netty"));

  private TransportLogging() {}

  /** Turns the transport's log off, or back to the JDK's default when {@code verbose}. */
  static void show(boolean verbose) {
    for (Logger logger : TRANSPORT) {
      logger.setLevel(verbose ? null : Level.OFF);
    }
  }
}
