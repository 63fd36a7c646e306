package org.musicanalytics.functions;

/**
 * A request a stage cannot process, naming the offending field and where it is.
 *
 * <p>Adapters map it to the caller's error model: gRPC {@code INVALID_ARGUMENT}, a
 * Lambda function error, an HTTP 400.
 *
 * <p>The field path and the problem are each cut to {@value #MAX_PART_CHARS} characters
 * (saying how long they were): both may quote request data of any size, such as a
 * megabyte-long user id, and gRPC carries the message in a header whose size is limited,
 * so an uncut message would reach the caller as a transport error instead.
 */
public class InvalidRequestException extends IllegalArgumentException {

  /** The longest field path or problem kept whole. */
  public static final int MAX_PART_CHARS = 256;

  private final String field;

  /**
   * @param field path of the bad field, e.g. {@code records[17].user_id}
   * @param problem what is wrong with it, e.g. {@code must not be empty}
   */
  public InvalidRequestException(String field, String problem) {
    super(cut(field) + " " + cut(problem));
    this.field = cut(field);
  }

  /** Path of the bad field, e.g. {@code records[17].user_id}; cut as the message is. */
  public String field() {
    return field;
  }

  private static String cut(String text) {
    return ErrorText.cut(text, MAX_PART_CHARS);
  }

}
