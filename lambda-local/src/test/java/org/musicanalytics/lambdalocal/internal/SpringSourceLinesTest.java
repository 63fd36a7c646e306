package org.musicanalytics.lambdalocal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpringSourceLinesTest {

  @Test
  void shouldDropSpringsSourceLinesAndKeepEveryOtherLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new SpringSourceLines(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    out.println("lambda-local: serving 4 functions");
    out.println(SpringSourceLines.PREFIX + "class org.musicanalytics.functions.aws.App");
    out.println("POST /2015-03-31/functions/MapReduce/invocations 200");

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
        "lambda-local: serving 4 functions" + System.lineSeparator()
            + "POST /2015-03-31/functions/MapReduce/invocations 200" + System.lineSeparator());
  }
}
