package org.musicanalytics.client.pipeline;

/** A stage call that failed: the stage, where it was called, and why, in one line. */
public class StageFailedException extends RuntimeException {

  private final Stage stage;

  /**
   * @param stage the stage whose call failed
   * @param where what was called, e.g. {@code localhost:50051}
   * @param why what went wrong, e.g. {@code UNAVAILABLE: io exception}
   */
  public StageFailedException(Stage stage, String where, String why, Throwable cause) {
    super(stage.displayName() + " stage failed (" + where + "): " + why, cause);
    this.stage = stage;
  }

  /** The stage whose call failed. */
  public Stage stage() {
    return stage;
  }
}
