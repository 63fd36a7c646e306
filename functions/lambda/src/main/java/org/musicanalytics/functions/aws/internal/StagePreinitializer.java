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
 * <p>The stage named by {@code SPRING_CLOUD_FUNCTION_DEFINITION} reads, answers and prints
 * a built-in sample request ({@link SampleRequests}), and the AWS adapter's class and the
 * metrics' serialisation ({@link StageMetrics}) are initialised: work the first request
 * would otherwise pay for after the context is up. It saves wall time only with a second
 * CPU, so it does nothing on one, nor with
 * {@value #IGNORE_PROPERTY}{@code =true}. A failure is logged and left to the real request.
 * Listed in {@code META-INF/spring.factories}, on {@link ApplicationStartingEvent}.
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
      StageMetrics.preinitialize();
      return true;
    } catch (Exception | LinkageError e) {
      logger.warn("Warming up " + definition + " in the background failed (the request "
          + "itself will report any real problem): " + e);
      return false;
    }
  }
}
