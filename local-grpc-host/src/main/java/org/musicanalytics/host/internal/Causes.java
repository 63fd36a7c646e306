package org.musicanalytics.host.internal;

/** Error messages with their causes', for failures whose cause says what is wrong. */
public final class Causes {

  private Causes() {}

  /**
   * The message and each cause's that adds something, joined with ": ", e.g. "Failed to
   * bind to address /127.0.0.1:50051: Address already in use".
   */
  public static String messages(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(": ").append(cause.getMessage());
      }
    }
    return text.toString();
  }
}
