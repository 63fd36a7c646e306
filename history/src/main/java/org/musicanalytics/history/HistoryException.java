package org.musicanalytics.history;

/**
 * The history store could not be reached, migrated, read or written; the message names the
 * store and the cause on one line.
 */
public final class HistoryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure of {@code store} (as {@link HistoryLocation#shown}) because of {@code cause}. */
  public HistoryException(String store, String doing, Throwable cause) {
    super("history store " + store + ": " + doing + " failed: " + causeLine(cause), cause);
  }

  private static String causeLine(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName()
        : root.getMessage();
    return message.replaceAll("\\s+", " ").strip();
  }
}
