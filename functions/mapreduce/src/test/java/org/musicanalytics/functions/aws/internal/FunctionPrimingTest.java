package org.musicanalytics.functions.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.functions.aws.AnalyticsFunctionsApplication;
import org.musicanalytics.functions.aws.EmbeddedMetricFormat;
import org.springframework.cloud.function.adapter.aws.AWSCompanionAutoConfiguration;
import org.springframework.cloud.function.context.FunctionalSpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link FunctionPriming} in the Spring context a function jar's {@code FunctionInvoker}
 * starts, with the map-reduce stages. That its hook reaches Lambda's CRaC context from the
 * shaded jar is {@code FunctionPrimingIT}'s part.
 */
class FunctionPrimingTest {

  @Test
  void shouldRunTheFunctionOnceWhenACheckpointComes() throws Exception {
    try (ConfigurableApplicationContext context = functionContext("aggregateStream")) {
      FunctionPriming priming = context.getBean(FunctionPriming.class);
      assertThat(priming.primings()).isZero();

      priming.beforeCheckpoint(null);

      assertThat(priming.primings()).isEqualTo(1);
    }
  }

  @Test
  void shouldAnswerTheSampleAsTheStageItselfDoes() throws Exception {
    for (String definition : new String[] {"aggregateStream", "analyzeGenres"}) {
      try (ConfigurableApplicationContext context = functionContext(definition)) {
        AnalyticsFunction<?, ?> stage = AnalyticsFunctions.load().get(definition);
        Message expected = stage.applyUnchecked(SampleRequests.of(stage.requestType()));

        byte[] primed = context.getBean(FunctionPriming.class).prime();

        Message answer = ProtoJson.read(new String(primed, StandardCharsets.UTF_8),
            stage.responseType());
        assertThat(withoutProcessingTime(answer)).as(definition)
            .isEqualTo(withoutProcessingTime(expected))
            .isNotEqualTo(withoutProcessingTime(expected.getDefaultInstanceForType()));
      }
    }
  }

  @Test
  void shouldWriteNoMetricsWhilePriming() throws Exception {
    try (ConfigurableApplicationContext context = functionContext("aggregateStream")) {
      FunctionPriming priming = context.getBean(FunctionPriming.class);
      PrintStream previous = System.out;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
        System.setOut(capture);
        priming.beforeCheckpoint(null);
      } finally {
        System.setOut(previous);
      }

      assertThat(priming.primings()).isEqualTo(1);
      assertThat(EmbeddedMetricFormat.emfLines(out.toString(StandardCharsets.UTF_8)))
          .as("EMF lines written while priming").isEmpty();
    }
  }

  @Test
  void shouldPrimeNothingWhenNoFunctionIsChosen() throws Exception {
    try (ConfigurableApplicationContext context = functionContext(null)) {
      FunctionPriming priming = context.getBean(FunctionPriming.class);

      assertThat(priming.prime()).isNull();
      assertThat(priming.primings()).isZero();
    }
  }

  /** The context FunctionInvoker starts for a functional start class, as it starts it. */
  private static ConfigurableApplicationContext functionContext(String definition) {
    return FunctionalSpringApplication.run(
        new Class<?>[] {AnalyticsFunctionsApplication.class, AWSCompanionAutoConfiguration.class},
        new String[] {"--spring.cloud.function.web.export.enabled=false",
            "--spring.main.web-application-type=none",
            "--spring.cloud.function.definition=" + (definition == null ? "" : definition)});
  }

  private static Message withoutProcessingTime(Message message) {
    FieldDescriptor time = message.getDescriptorForType().findFieldByName("processing_time");
    return time == null ? message : message.toBuilder().clearField(time).build();
  }
}
