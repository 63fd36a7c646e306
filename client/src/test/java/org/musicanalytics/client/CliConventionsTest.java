package org.musicanalytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code music-analytics} in a process of its own, as a user meets it: the version, help
 * per command, and one-line usage errors that suggest the nearest command or option and
 * name enum values in lower case.
 */
class CliConventionsTest {

  @Test
  void shouldPrintTheVersion() {
    CliProcess version = CliProcess.run("--version");

    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.out()).matches("music-analytics \\d+\\.\\d+\\.\\d+\\S* \\(Java \\S+\\)\\R");
    assertThat(version.err()).isEmpty();
  }

  @Test
  void shouldShowACommandsHelpThroughHelp() {
    CliProcess help = CliProcess.run("help", "run");

    assertThat(help.exitCode()).as(help.toString()).isZero();
    assertThat(help.out()).startsWith("Usage: music-analytics run ").contains("--keep-runs");
  }

  @Test
  void shouldSuggestTheCommandMeantForAMistypedOne() {
    CliProcess mistyped = CliProcess.run("runn");

    assertThat(mistyped.exitCode()).isEqualTo(2);
    assertThat(mistyped.firstErrorLine()).isEqualTo("music-analytics: Unmatched argument at "
        + "index 0: 'runn' (did you mean run?); see 'music-analytics --help'");
    assertThat(mistyped.err()).hasLineCount(1);
    assertThat(mistyped.out()).isEmpty();
  }

  @Test
  void shouldSuggestTheOptionMeantForAMistypedOne() {
    CliProcess mistyped = CliProcess.run("run", "--inptu", "plays.csv");

    assertThat(mistyped.exitCode()).isEqualTo(2);
    assertThat(mistyped.firstErrorLine()).startsWith("music-analytics run: Unknown options: "
        + "'--inptu', 'plays.csv' (did you mean --input")
        .endsWith("; see 'music-analytics help run'");
    assertThat(mistyped.err()).hasLineCount(1);
  }

  @Test
  void shouldNameEnumValuesInLowerCase() {
    CliProcess wrong = CliProcess.run("run", "--target", "cloud");

    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.firstErrorLine()).isEqualTo("music-analytics run: Invalid value for "
        + "option '--target': expected one of embedded, grpc, lambda, inprocess, was 'cloud'; "
        + "see 'music-analytics help run'");
  }
}
