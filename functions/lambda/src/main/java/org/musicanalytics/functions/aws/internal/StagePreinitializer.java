package org.musicanalytics.functions.aws.internal;

import com.google.protobuf.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;

/**
 * Warms the function's own request path on a background thread while Spring Boot starts
 * the context, as Boot's {@code BackgroundPreinitializer} does for Boot's own classes.
 *
 * <p>The first request of a cold start otherwise pays, on the main thread and after the
 * context is up, for work that does not depend on Spring at all: building the protobuf
 * descriptors of the stage's messages, protobuf's {@code JsonFormat} and Gson, the stage
 * itself, and the Jackson mapper the AWS adapter's {@code AWSLambdaUtils} builds in its
 * static initialiser. Here that work runs alongside the context start: the stage named by
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION} reads, answers and prints a built-in sample
 * request ({@link SampleRequests}), and the adapter class is initialised.
 *
 * <p>It saves wall time only when a second CPU is there to run it (the CPU time of the
 * cold start does not change): with a single available processor it does nothing, nor
 * with system property {@value #IGNORE_PROPERTY}{@code =true}, Boot's switch for its own
 * background preinitialization (which the function jars leave out). The
 * stages are pure, so the warm-up changes no answer. A failure here is logged and left to
 * the real request to report. Listed in {@code META-INF/spring.factories}; it reacts to
 * {@link ApplicationStartingEvent}, the first thing {@code SpringApplication.run} publishes.
 */
public final class StagePreinitializer implements ApplicationListener<ApplicationStartingEvent> {

  /** System property that turns background preinitialization off, as in Spring Boot. */
  static final String IGNORE_PROPERTY = "spring.backgroundpreinitializer.ignore";

  /** Name of the warm-up thread. */
  static final String THREAD_NAME = "stage-preinitializer";

  /** The AWS adapter class whose static initialiser builds a Jackson mapper. */
  static final String AWS_LAMBDA_UTILS =
      "org.springframework.cloud.function.adapter.aws.AWSLambdaUtils";

  private static final Log logger = LogFactory.getLog(StagePreinitializer.class);

  @Override
  public void onApplicationEvent(ApplicationStartingEvent event) {
    String definition = PlainStreamHandler.definitionOrNull();
    if (definition == null || Boolean.getBoolean(IGNORE_PROPERTY)
        || Runtime.getRuntime().availableProcessors() < 2) {
      return;
    }
    ClassLoader classLoader = event.getSpringApplication().getClassLoader();
    Thread thread = new Thread(() -> preinitialize(definition, classLoader), THREAD_NAME);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Runs the stage {@code definition} names on its sample request, through the proto3
   * JSON reader and printer, and initialises the AWS adapter's per-request helper.
   *
   * @return whether the stage ran (false when this class path has no such stage)
   */
  static boolean preinitialize(String definition, ClassLoader classLoader) {
    try {
      AnalyticsFunction<?, ?> stage = AnalyticsFunctions.load(classLoader).get(definition);
      if (stage == null) {
        return false; // the context start reports an unknown definition
      }
      String request = ProtoJson.print(SampleRequests.of(stage.requestType()));
      Message response = stage.applyUnchecked(ProtoJson.read(request, stage.requestType()));
      ProtoJson.print(response);
      Class.forName(AWS_LAMBDA_UTILS, true, classLoader);
      return true;
    } catch (Exception | LinkageError e) {
      logger.warn("Warming up " + definition + " in the background failed (the request "
          + "itself will report any real problem): " + e);
      return false;
    }
  }
}
