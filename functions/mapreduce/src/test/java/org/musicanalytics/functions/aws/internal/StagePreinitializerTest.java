package org.musicanalytics.functions.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The background warm-up on this module's real stages. */
class StagePreinitializerTest {

  private final ClassLoader classLoader = getClass().getClassLoader();

  @Test
  void shouldRunEachStageOfThisJarOnItsSampleAndInitialiseTheAdapter() throws Exception {
    assertThat(StagePreinitializer.preinitialize("aggregateStream", classLoader)).isTrue();
    assertThat(StagePreinitializer.preinitialize("analyzeGenres", classLoader)).isTrue();
    // The adapter class whose static initialiser the warm-up runs is really there.
    assertThat(Class.forName(StagePreinitializer.AWS_LAMBDA_UTILS, false, classLoader))
        .isNotNull();
  }

  @Test
  void shouldLeaveAStageThisJarLacksToTheContextStartToReport() {
    assertThat(StagePreinitializer.preinitialize("recommend", classLoader)).isFalse();
  }
}
