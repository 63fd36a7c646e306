package org.musicanalytics.client.pipeline;

import org.musicanalytics.functions.Stage;

/**
 * A stage call whose answer was over its transport's limit (Lambda's 6 MB response payload,
 * {@code Function.ResponseSizeTooLarge}): the same call over a smaller part of the input
 * may fit, so a caller that can cut the part smaller does so ({@code RangeCalls} halves a
 * byte range).
 */
public class AnswerTooLargeException extends StageFailedException {

  /** As {@link StageFailedException#StageFailedException(Stage, String, String, Throwable)}. */
  public AnswerTooLargeException(Stage stage, String where, String why) {
    super(stage, where, why, null);
  }
}
