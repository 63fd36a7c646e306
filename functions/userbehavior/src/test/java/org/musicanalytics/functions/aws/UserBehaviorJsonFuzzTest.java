package org.musicanalytics.functions.aws;

import java.util.List;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.userbehavior.UserBehaviorFunctions;

/** Hostile proto3 JSON against this module's stages: see {@link JsonFuzzTests}. */
class UserBehaviorJsonFuzzTest extends JsonFuzzTests {

  @Override
  protected List<AnalyticsFunction<?, ?>> stages() {
    return new UserBehaviorFunctions().functions();
  }

  @Override
  protected List<String> lambdaFunctions() {
    return List.of("analyzeUsers");
  }
}
