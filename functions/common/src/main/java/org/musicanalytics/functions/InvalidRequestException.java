package org.musicanalytics.functions;

/**
 * A request a stage cannot process, naming the offending field and where it is.
 *
 * <p>Adapters map it to the caller's error model: gRPC {@code INVALID_ARGUMENT}, a
 * Lambda function error, an HTTP 400.
 */
public class InvalidRequestException extends IllegalArgumentException {

  private final String field;

  /**
   * @param field path of the bad field, e.g. {@code records[17].user_id}
   * @param problem what is wrong with it, e.g. {@code must not be empty}
   */
  public InvalidRequestException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
  }

  /** Path of the bad field, e.g. {@code records[17].user_id}. */
  public String field() {
    return field;
  }
}
