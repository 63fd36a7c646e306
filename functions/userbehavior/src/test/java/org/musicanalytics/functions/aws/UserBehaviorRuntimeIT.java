package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;

import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * UserBehavior in the real Lambda Java runtime on the built
 * {@code functions-userbehavior-*-aws.jar}. Expected totals are those worked out by hand in
 * UserBehaviorFunctionInvokerTest.
 */
class UserBehaviorRuntimeIT extends AbstractLambdaRuntimeIT {

  UserBehaviorRuntimeIT() {
    super("UserBehavior", "analyzeUsers");
  }

  @Override
  protected void assertPlainEventResponse(byte[] response) {
    UserStatsList users = parse(response, UserStatsList.newBuilder());
    assertThat(users.getTopUsersList()).containsExactly("U002", "U001", "U004", "U003", "U005");
    assertThat(users.getUserStatsList())
        .extracting(UserStat::getUserId, UserStat::getTotalTime, UserStat::getTopArtist)
        .containsExactly(
            tuple("U001", 690L, "Adele"),
            tuple("U002", 860L, "Billie Eilish"),
            tuple("U003", 430L, "Drake"),
            tuple("U004", 490L, "Adele"),
            tuple("U005", 250L, "Drake"));
  }

  @Override
  protected InvalidRequest invalidRequest() {
    return new InvalidRequest("{\"records\":[{\"user_id\":\"U001\"},{\"user_id\":\"\"}]}",
        "records[1].user_id must not be empty");
  }
}
