package org.musicanalytics.host;

/**
 * Process-wide settings of gRPC's Netty transport that a command line applies before
 * any channel or server exists.
 */
public final class NettyDefaults {

  /**
   * The system property, as relocated in {@code grpc-netty-shaded}, that lets Netty emit
   * Java Flight Recorder events for its buffer allocator.
   */
  public static final String FLIGHT_RECORDER_EVENTS = "io.grpc.netty.shaded.io.netty.jfr.enabled";

  private NettyDefaults() {}

  /**
   * Turns Netty's allocator events off unless the property is set already. With them on,
   * the first large message of a process defines and registers the event classes with the
   * flight recorder, a cost a cold run pays (the README has the figures) though nothing
   * records them unless a recording is started.
   * {@code -Dio.grpc.netty.shaded.io.netty.jfr.enabled=true} keeps them.
   */
  public static void apply() {
    if (System.getProperty(FLIGHT_RECORDER_EVENTS) == null) {
      System.setProperty(FLIGHT_RECORDER_EVENTS, "false");
    }
  }
}
