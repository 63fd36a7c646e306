package org.musicanalytics.client.pipeline;

import java.util.stream.Collectors;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.StageRpc;

/**
 * A stage call that failed: the stage, where it was called (and on which shard), and why,
 * in one line.
 */
public class StageFailedException extends RuntimeException {

  /**
   * How a failure of the fused call names what failed: {@code ShardAnalysis (MapReduce,
   * UserBehavior, GenreAnalysis in one call)}.
   */
  public static final String SHARD_ANALYSIS = "ShardAnalysis ("
      + StageRpc.ANALYZE_SHARD.stages().stream().map(Stage::displayName)
          .collect(Collectors.joining(", ")) + " in one call)";

  private final Stage stage;
  private final String label;
  private final String where;
  private final String why;

  /**
   * @param stage the stage whose call failed
   * @param where what was called, e.g. {@code gRPC localhost:50051}
   * @param why what went wrong, e.g. {@code UNAVAILABLE: io exception}
   */
  public StageFailedException(Stage stage, String where, String why, Throwable cause) {
    this(stage, stage.displayName(), where, why, cause);
  }

  /**
   * A failure of what serves {@code stage} and is called {@code label} here, e.g. the
   * fused call ({@link #SHARD_ANALYSIS}), which serves three stages.
   */
  public StageFailedException(Stage stage, String label, String where, String why,
      Throwable cause) {
    super(label + " stage failed (" + where + "): " + why, cause);
    this.stage = stage;
    this.label = label;
    this.where = where;
    this.why = why;
  }

  /** The stage whose call failed. */
  public Stage stage() {
    return stage;
  }

  /** What was called, e.g. {@code gRPC localhost:50051}. */
  public String where() {
    return where;
  }

  /** What went wrong. */
  public String why() {
    return why;
  }

  /** The same failure, saying which shard of the input the call carried. */
  public StageFailedException onShard(String shard) {
    StageFailedException onShard = new StageFailedException(stage, label, where + ", " + shard,
        why, getCause());
    onShard.setStackTrace(getStackTrace());
    return onShard;
  }
}
