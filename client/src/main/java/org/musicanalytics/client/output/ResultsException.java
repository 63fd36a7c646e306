package org.musicanalytics.client.output;

/** The results file could not be written; the message is one line naming the path. */
public class ResultsException extends Exception {

  public ResultsException(String message, Throwable cause) {
    super(message, cause);
  }
}
