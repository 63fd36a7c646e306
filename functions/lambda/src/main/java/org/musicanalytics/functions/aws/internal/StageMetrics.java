package org.musicanalytics.functions.aws.internal;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.musicanalytics.functions.RequestRecords;
import org.springframework.messaging.Message;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Writes the CloudWatch metrics of a function's invocations as Embedded Metric Format
 * lines on standard output, which Lambda sends to the function's log group and CloudWatch
 * turns into metrics: no permission and no network call.
 *
 * <p>One line per answered invocation, in namespace {@value #NAMESPACE} with dimension
 * {@value #DIMENSION} = the stage name: {@value #RECORDS} (the request's records, as
 * {@link RequestRecords} counts them), {@value #STAGE_TIME} (the response's
 * {@code processing_time}), {@value #REQUEST_BYTES} (the event as Lambda passed it) and
 * {@value #COLD_START} (1 on the first invocation this instance answers, else 0). One instance
 * per Spring context, that is per execution environment. Only invocations that carry a
 * Lambda context are counted, so priming before a SnapStart snapshot writes nothing and
 * leaves the cold start to the first real request. The environment is fixed to Lambda's:
 * the library then probes for no agent.
 *
 * <p>{@value #DISABLED_VARIABLE}{@code =true} in the function's environment turns the
 * metrics off (as Powertools' {@code POWERTOOLS_METRICS_DISABLED} does): for a function
 * whose CloudWatch metrics are not wanted, and to measure what they cost. The library is then
 * not even loaded: it is only touched from {@link EmfLine}.
 *
 * <p>The library serialises with Jackson 2, which nothing else in a function jar loads, so
 * its first line is costly: {@link #preinitialize} does that work ahead, on
 * {@link StagePreinitializer}'s thread while Spring starts the context, and when priming
 * before a SnapStart snapshot ({@link FunctionPriming}), so that the snapshot holds it.
 */
public final class StageMetrics {

  /** The environment variable that turns the metrics off when {@code true}. */
  public static final String DISABLED_VARIABLE = "MUSIC_ANALYTICS_METRICS_DISABLED";

  /** The CloudWatch namespace of every metric. */
  public static final String NAMESPACE = "MusicAnalytics";

  /** The one dimension: the stage's (function definition's) name. */
  public static final String DIMENSION = "Function";

  /** Records in the request (Count). */
  public static final String RECORDS = "Records";

  /** The stage's own processing time (Milliseconds). */
  public static final String STAGE_TIME = "StageTime";

  /** Size of the invocation's event (Bytes). */
  public static final String REQUEST_BYTES = "RequestBytes";

  /** 1 on an execution environment's first invocation, else 0 (Count). */
  public static final String COLD_START = "ColdStart";

  /** The response field holding the stage's time, in seconds. */
  static final String PROCESSING_TIME = "processing_time";

  private final AtomicBoolean cold = new AtomicBoolean(true);
  private final boolean enabled;

  /** Metrics on unless {@value #DISABLED_VARIABLE} in this process's environment says off. */
  public StageMetrics() {
    this(enabled(System.getenv()));
  }

  StageMetrics(boolean enabled) {
    this.enabled = enabled;
  }

  /** Whether {@code environment} leaves the metrics on. */
  static boolean enabled(Map<String, String> environment) {
    return !"true".equalsIgnoreCase(environment.getOrDefault(DISABLED_VARIABLE, "").strip());
  }

  /**
   * Writes the metrics of one answered invocation, if it came with a Lambda context.
   *
   * @param stage the stage's name, the dimension's value
   * @param message the invocation as the adapter received it
   * @param request the request the stage answered
   * @param response its answer
   * @param stageNanos the stage call's own duration, for a response without
   *     {@value #PROCESSING_TIME}
   */
  public void record(String stage, Message<byte[]> message,
      com.google.protobuf.Message request, com.google.protobuf.Message response,
      long stageNanos) {
    if (!enabled || message.getHeaders().get(JsonRequestStage.AWS_CONTEXT) == null) {
      return;
    }
    OptionalInt records = RequestRecords.count(request);
    EmfLine.write(stage, records, stageMillis(response, stageNanos),
        message.getPayload().length, cold.getAndSet(false));
  }

  /**
   * Loads and initialises the EMF library (its Lambda environment, logger, sink and JSON
   * mapper) by serialising a line like the real ones without writing it, unless the metrics
   * are off in this process's environment.
   *
   * @throws IOException if the library cannot serialise the line
   */
  static void preinitialize() throws IOException {
    if (enabled(System.getenv())) {
      EmfLine.serializeSample();
    }
  }

  private static double stageMillis(com.google.protobuf.Message response, long stageNanos) {
    FieldDescriptor field = response.getDescriptorForType().findFieldByName(PROCESSING_TIME);
    if (field != null && field.getJavaType() == FieldDescriptor.JavaType.DOUBLE) {
      return (Double) response.getField(field) * 1000;
    }
    return stageNanos / 1e6;
  }

  /** The only code that touches the EMF library, so that with metrics off it is not loaded. */
  private static final class EmfLine {

    private static final Environment LAMBDA = new LambdaEnvironment();

    static void write(String stage, OptionalInt records, double stageMillis, int requestBytes,
        boolean coldStart) {
      MetricsLogger metrics = new MetricsLogger(LAMBDA);
      metrics.setNamespace(NAMESPACE);
      metrics.setDimensions(DimensionSet.of(DIMENSION, stage));
      if (records.isPresent()) {
        metrics.putMetric(RECORDS, records.getAsInt(), Unit.COUNT);
      }
      metrics.putMetric(STAGE_TIME, stageMillis, Unit.MILLISECONDS);
      metrics.putMetric(REQUEST_BYTES, requestBytes, Unit.BYTES);
      metrics.putMetric(COLD_START, coldStart ? 1 : 0, Unit.COUNT);
      metrics.flush();
    }

    /** Every class a real line needs, up to the sink, which is asked for but not used. */
    static void serializeSample() throws IOException {
      new MetricsLogger(LAMBDA).setNamespace(NAMESPACE);
      LAMBDA.getSink();
      MetricsContext context = new MetricsContext();
      context.setNamespace(NAMESPACE);
      context.setDimensions(DimensionSet.of(DIMENSION, "preinitialize"));
      context.putMetric(RECORDS, 0, Unit.COUNT);
      context.putMetric(STAGE_TIME, 0, Unit.MILLISECONDS);
      context.putMetric(REQUEST_BYTES, 0, Unit.BYTES);
      LAMBDA.configureContext(context);
      context.serialize();
    }
  }
}
