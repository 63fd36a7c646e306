package org.musicanalytics.functions.s3input;

import java.io.IOException;

/**
 * An S3 object that cannot be read: missing bucket or key, access denied, changed since the
 * run started, or reads failing after their retries. The message is one line naming the
 * object.
 */
public class S3InputException extends IOException {

  public S3InputException(String message) {
    super(message);
  }

  public S3InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
