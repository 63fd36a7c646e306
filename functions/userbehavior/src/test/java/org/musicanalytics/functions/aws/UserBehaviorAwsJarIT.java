package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.eventFile;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;
import static org.musicanalytics.functions.aws.LambdaTestSupport.runJar;
import static org.musicanalytics.functions.aws.LambdaTestSupport.shadedJar;
import static org.musicanalytics.functions.aws.LambdaTestSupport.templateFunction;

import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.aws.LambdaTestSupport.JarRun;
import org.musicanalytics.functions.aws.LambdaTestSupport.TemplateFunction;
import org.musicanalytics.proto.UserStatsList;

/**
 * The built {@code functions-userbehavior-*-aws.jar} in a fresh JVM, configured as
 * template.yaml configures UserBehavior, on {@code events/analyzeUsers.json}.
 */
class UserBehaviorAwsJarIT {

  @Test
  void shouldServeUserBehaviorFromTheJarTheTemplateNames() throws Exception {
    TemplateFunction function = templateFunction("analyzeUsers");
    assertThat(function.logicalId()).isEqualTo("UserBehavior");
    assertThat(function.codePath()).isEqualTo(shadedJar());

    JarRun run = runJar(function.codePath(), function.environment(), eventFile("analyzeUsers"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    UserStatsList users = parse(run.stdout(), UserStatsList.newBuilder());
    assertThat(users.getTopUsersList()).containsExactly("U002", "U001", "U004", "U003", "U005");
    assertThat(users.getUserStats(1).getTotalTime()).isEqualTo(860);
  }
}
