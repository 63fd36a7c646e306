package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoke;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoker;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctionProvider;
import org.musicanalytics.functions.aws.internal.FunctionFailedException;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * A fault inside a stage, through the real {@link FunctionInvoker}: the caller learns which
 * stage failed on which request, and nothing of the stack trace or the fault's own message.
 *
 * <p>The faulty stage is registered the way every stage is, through an
 * {@link AnalyticsFunctionProvider} service entry; the entry is written to a temporary
 * directory seen only by this test's context class loader, so no other test (and no
 * module using this test jar) sees the stage.
 */
class FunctionInvokerFaultTest {

  /** A stage with a bug: it fails on every request, with internals in its message. */
  public static final class FaultyStageProvider implements AnalyticsFunctionProvider {
    @Override
    public List<AnalyticsFunction<?, ?>> functions() {
      return List.of(new AnalyticsFunction<>("faultyStage", StreamList.class, PlayCounts.class,
          request -> {
            throw new IllegalStateException("index 7 out of bounds in /internal/table");
          }));
    }
  }

  private static FunctionInvoker invoker;

  @BeforeAll
  static void startWithTheFaultyStage(@TempDir Path services) throws IOException {
    Path entry = services.resolve("META-INF/services/" + AnalyticsFunctionProvider.class.getName());
    Files.createDirectories(entry.getParent());
    Files.writeString(entry, FaultyStageProvider.class.getName() + "\n");
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {services.toUri().toURL()}, previous)) {
      thread.setContextClassLoader(loader);
      invoker = invoker("faultyStage");
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static void assertNamesTheStageAndRequestOnly(Throwable thrown) {
    assertThat(thrown).isInstanceOf(FunctionFailedException.class)
        .hasMessageStartingWith("Internal error in stage faultyStage, request ")
        .hasMessageEndingWith("; the function's log has the details")
        .hasNoCause();
    assertThat(thrown.getMessage()).doesNotContain("internal/table");
    // Lambda copies an unhandled exception's stack trace into the function error.
    assertThat(thrown.getStackTrace()).isEmpty();
  }

  @Test
  void shouldFailAPlainInvokeWithoutTheStackTraceOrTheFaultsMessage() {
    assertNamesTheStageAndRequestOnly(catchThrowable(() ->
        invoke(invoker, "{\"records\":[{\"user_id\":\"U1\",\"song_id\":\"S1\"}]}")));
  }

  @Test
  void shouldLeaveAnHttpApiCallToApiGatewaysOwn500RatherThanBlameTheCaller() {
    String event = LambdaTestSupport.httpEvent("aggregateStream",
        "{\"records\":[{\"user_id\":\"U1\",\"song_id\":\"S1\"}]}");

    assertNamesTheStageAndRequestOnly(catchThrowable(() -> invoke(invoker, event)));
  }
}
