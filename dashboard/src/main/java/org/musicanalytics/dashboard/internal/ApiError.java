package org.musicanalytics.dashboard.internal;

/**
 * A request that cannot be answered as asked: its HTTP status and a JSON error body
 * {@code {"error": code, "message": message}}.
 */
public final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  /** An error of {@code status} with a short {@code code} and a one-line message. */
  public ApiError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** A 404 for what {@code message} names. */
  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }

  /** A 400 for a bad parameter or body. */
  public static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
