package org.musicanalytics.client.pipeline;

/**
 * How long the client waited on the calls that served a stage, or on the fused call.
 *
 * @param spanSeconds wall-clock seconds from the first call sent to the last answer
 * @param summedSeconds the calls' own times added up; calls overlap, so this can exceed
 *     the span and even the whole run
 * @param calls how many calls, retries not counted apart
 */
public record CallTimes(double spanSeconds, double summedSeconds, int calls) {

  /** No call made. */
  public static final CallTimes NONE = new CallTimes(0, 0, 0);
}
