package org.musicanalytics.functions.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.functions.aws.LambdaTestSupport.event;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoke;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoker;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The cold-start floor does the work FunctionInvoker does on a plain invoke. */
class PlainStreamHandlerTest {

  @Test
  void shouldAnswerAPlainInvokeAsFunctionInvokerDoes() throws Exception {
    for (String definition : new String[] {"aggregateStream", "analyzeGenres"}) {
      byte[] floor = InvokeOnce.invoke(new PlainStreamHandler(definition), event(definition));
      byte[] spring = invoke(invoker(definition), event(definition));

      assertThat(withoutProcessingTime(floor)).as(definition)
          .isEqualTo(withoutProcessingTime(spring))
          .contains("\"");
    }
  }

  @Test
  void shouldNameTheFunctionsItHasWhenAskedForAnother() {
    assertThatThrownBy(() -> new PlainStreamHandler("recommend"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No function 'recommend' on this class path; it has "
            + "[aggregateStream, analyzeGenres, analyzeShard]");
  }

  private static String withoutProcessingTime(byte[] json) {
    return new String(json, StandardCharsets.UTF_8)
        .replaceAll("\"processing_time\":[-0-9.eE+]+,?", "");
  }
}
