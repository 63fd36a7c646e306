package org.musicanalytics.functions.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.eventFile;
import static org.musicanalytics.functions.aws.LambdaTestSupport.repositoryRoot;
import static org.musicanalytics.functions.aws.LambdaTestSupport.shadedJar;
import static org.musicanalytics.functions.aws.LambdaTestSupport.templateFunction;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Priming as Lambda SnapStart runs it, on the shaded jar in a fresh JVM: the jar's
 * FunctionInvoker is constructed, then the Lambda runtime's own CRaC context (from the
 * runtime interface client, which org.crac reaches through the system property Lambda's
 * java command line sets) runs its checkpoint hooks, then the event is invoked.
 */
class FunctionPrimingIT {

  private static final String LAMBDA_CRAC = "com.amazonaws.services.lambda.crac";
  private static final Pattern PRIMED = Pattern.compile("Primed aggregateStream on a sample");

  @Test
  void shouldPrimeTheFunctionAtTheCheckpointAndAnswerAsWithout() throws Exception {
    Run unprimed = run(List.of());
    Run primed = run(List.of("-Dorg.crac.Core.Compat=" + LAMBDA_CRAC,
        "-D" + InvokeOnce.CHECKPOINT_PROPERTY + "=true"));

    assertThat(count(PRIMED, unprimed.stderr())).isZero();
    assertThat(count(PRIMED, primed.stderr())).as(primed.stderr()).isEqualTo(1);
    assertThat(withoutProcessingTime(primed.stdout()))
        .isEqualTo(withoutProcessingTime(unprimed.stdout()))
        .contains("\"play_counts\"");
  }

  private record Run(String stdout, String stderr) {}

  /** InvokeOnce on the jar, configured as the template configures MapReduce. */
  private static Run run(List<String> options) throws Exception {
    Path stdout = Files.createTempFile("priming-stdout", ".json");
    Path stderr = Files.createTempFile("priming-stderr", ".log");
    try {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(options);
      command.add("-cp");
      command.add(shadedJar() + File.pathSeparator + runtimeInterfaceClient());
      command.add(InvokeOnce.class.getName());
      command.add(eventFile("aggregateStream").toString());
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(repositoryRoot().toFile())
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile());
      builder.environment().putAll(templateFunction("aggregateStream").environment());
      Process process = builder.start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("answered within 60 s").isTrue();
      Run run = new Run(Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr));
      assertThat(process.exitValue()).as(run.stderr()).isZero();
      return run;
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  /** The runtime interface client jar: Lambda's, so a test dependency, never in the jar. */
  private static Path runtimeInterfaceClient() throws Exception {
    return Path.of(Class.forName(LAMBDA_CRAC + ".Core").getProtectionDomain().getCodeSource()
        .getLocation().toURI());
  }

  private static int count(Pattern pattern, String text) {
    int count = 0;
    for (Matcher m = pattern.matcher(text); m.find(); ) {
      count++;
    }
    return count;
  }

  private static String withoutProcessingTime(String json) {
    return json.replaceAll("\"processing_time\":[-0-9.eE+]+,?", "");
  }
}
