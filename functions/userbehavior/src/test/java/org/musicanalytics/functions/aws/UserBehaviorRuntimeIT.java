package org.musicanalytics.functions.aws;

/**
 * UserBehavior in the real Lambda Java runtime on the built
 * {@code functions-userbehavior-*-aws.jar}.
 */
class UserBehaviorRuntimeIT extends AbstractLambdaRuntimeIT {

  UserBehaviorRuntimeIT() {
    super("UserBehavior", "analyzeUsers", UserBehaviorSampleResponses.BY_DEFINITION);
  }

  @Override
  protected InvalidRequest invalidRequest() {
    return new InvalidRequest("{\"records\":[{\"user_id\":\"U001\"},{\"user_id\":\"\"}]}",
        "records[1].user_id must not be empty");
  }
}
