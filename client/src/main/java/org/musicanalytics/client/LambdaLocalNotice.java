package org.musicanalytics.client;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The {@code lambda-local} entry of {@code music-analytics}: lists the Lambda Invoke API
 * emulator among the commands and, run from this jar, says where the tool is. The emulator
 * is a development tool in a jar of its own, which the {@code music-analytics} script runs
 * for {@code music-analytics lambda-local}.
 */
@Command(name = "lambda-local",
    description = "Development tool in a jar of its own (lambda-local/target/"
        + "lambda-local.jar), like `sam local start-lambda` without Docker: serves the "
        + "functions of a SAM template through the Lambda Invoke API until SIGTERM or "
        + "Ctrl-C.")
final class LambdaLocalNotice implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  /** Whatever was given, options included: they are the tool's, not this entry's. */
  @Unmatched
  List<String> arguments;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("music-analytics lambda-local: a development tool in a jar of its own, not in "
        + "this one; start it with ./music-analytics lambda-local, or java -jar "
        + "lambda-local/target/lambda-local.jar");
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }
}
