package org.musicanalytics.client.run.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.client.grpc.HostPort;
import org.musicanalytics.client.run.RunCommand;
import org.musicanalytics.functions.Stage;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The per-stage options of {@code run} against the stage catalogue. */
class RunOptionsTest {

  /** How the {@code --<stem>-address} and {@code --<stem>-function} flags name each stage. */
  private static final Map<Stage, String> FLAG_STEMS = Map.of(Stage.MAP_REDUCE, "mapreduce",
      Stage.USER_BEHAVIOR, "userbehavior", Stage.GENRE_ANALYSIS, "genre",
      Stage.RECOMMENDATION, "recommendation");

  private static CommandLine command() {
    return new CommandLine(new RunCommand(Map.of()))
        .registerConverter(HostPort.class, HostPort::parse);
  }

  private static String description(CommandSpec spec, String flag) {
    return String.join(" ", spec.findOption(flag).description());
  }

  private static RunOptions parsed(String... args) {
    CommandLine command = command();
    command.parseArgs(args);
    return (RunOptions) command.getCommandSpec().mixins().get("options").userObject();
  }

  @Test
  void shouldDescribeEachStagesFlagsWithItsNameVariableAndDefault() {
    CommandSpec spec = command().getCommandSpec();

    assertThat(FLAG_STEMS).containsOnlyKeys(Stage.values());
    FLAG_STEMS.forEach((stage, stem) -> {
      assertThat(description(spec, "--" + stem + "-address"))
          .isEqualTo("--target grpc: " + stage.displayName() + " service address.");
      assertThat(description(spec, "--" + stem + "-function"))
          .startsWith("--target lambda: " + stage.displayName() + " function")
          .contains("$" + stage.lambdaVariable() + ", else " + stage.lambdaName() + ")");
      String footer = String.join(" ", spec.usageMessage().footer());
      // The footer names the address variables as MAPREDUCE_HOST/MAPREDUCE_PORT or USERBEHAVIOR_*.
      String variablePrefix = stage.hostVariable().substring(0,
          stage.hostVariable().length() - "HOST".length());
      assertThat(footer).contains(variablePrefix, stage.standardPort() + ")",
          stage.lambdaVariable(), stage.lambdaName());
    });
  }

  @Test
  void shouldGiveEachStageTheValueOfItsOwnFlags() {
    RunOptions lambda = parsed("--target", "lambda", "--genre-function", "G",
        "--mapreduce-function", "M");
    RunOptions grpc = parsed("--target", "grpc", "--recommendation-address", "r:1",
        "--userbehavior-address", "u:2");

    assertThat(lambda.functionFlags()).containsExactly(
        Map.entry(Stage.MAP_REDUCE, "M"), Map.entry(Stage.GENRE_ANALYSIS, "G"));
    assertThat(grpc.addressFlags()).containsExactly(
        Map.entry(Stage.USER_BEHAVIOR, new HostPort("u", 2)),
        Map.entry(Stage.RECOMMENDATION, new HostPort("r", 1)));
  }
}
