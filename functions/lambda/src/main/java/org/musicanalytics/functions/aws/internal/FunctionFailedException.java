package org.musicanalytics.functions.aws.internal;

/**
 * An unexpected failure of a stage, as its caller sees it: which stage, which invocation,
 * and where the details are. It carries no stack trace and no cause, because Lambda copies
 * an unhandled exception's stack trace into the function error it returns to the caller;
 * the original exception, stack trace included, goes to the function's log instead (see
 * {@link JsonRequestStage}).
 */
public final class FunctionFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  FunctionFailedException(String message) {
    super(message, null, false, false);
  }
}
