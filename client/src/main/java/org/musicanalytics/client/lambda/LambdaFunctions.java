package org.musicanalytics.client.lambda;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.musicanalytics.functions.Stage;

/**
 * The Lambda function (name, partial ARN or ARN) behind each stage. Defaults are the
 * logical ids of {@code template.yaml} ({@link Stage#lambdaName()}), the names
 * {@code sam local start-lambda} serves them under; a deployed stack's names come from its
 * outputs, through the environment ({@link Stage#lambdaVariable()}) or flags.
 */
public final class LambdaFunctions {

  private final Map<Stage, String> functions;

  private LambdaFunctions(Map<Stage, String> functions) {
    this.functions = Collections.unmodifiableMap(new EnumMap<>(functions));
  }

  /** Each stage's function from its variable in {@code environment}, else the default. */
  public static LambdaFunctions fromEnvironment(Map<String, String> environment) {
    Map<Stage, String> functions = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      String value = environment.get(stage.lambdaVariable());
      functions.put(stage, value == null || value.isBlank()
          ? stage.lambdaName() : value.strip());
    }
    return new LambdaFunctions(functions);
  }

  /** These functions with some replaced, e.g. by flags. */
  public LambdaFunctions with(Map<Stage, String> overrides) {
    Map<Stage, String> functions = new EnumMap<>(this.functions);
    functions.putAll(overrides);
    return new LambdaFunctions(functions);
  }

  /** The function behind {@code stage}. */
  public String of(Stage stage) {
    return functions.get(stage);
  }

  @Override
  public String toString() {
    return functions.toString();
  }
}
