package org.musicanalytics.functions.aws;

import com.google.protobuf.Message;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.functions.aws.internal.JsonRequestStage;
import org.musicanalytics.functions.aws.internal.StageMetrics;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;

/**
 * The Spring Cloud Function application of every function jar: its {@code MAIN_CLASS}
 * and manifest {@code Start-Class}.
 *
 * <p>It registers each {@link AnalyticsFunction} that {@link AnalyticsFunctions#load}
 * finds on the class path as a function bean under the stage's name, plus the
 * {@link ProtobufJsonMessageConverter}; {@code SPRING_CLOUD_FUNCTION_DEFINITION} picks one.
 * The stages share one {@link StageMetrics}, whose cold start is the context's first call.
 * As an {@link ApplicationContextInitializer} it is started functionally by
 * {@code FunctionInvoker}: no class path scanning, no configuration-class parsing, no
 * auto-configuration. The annotation is only a marker, which {@code FunctionInvoker}
 * requires of a manifest {@code Start-Class}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
public class AnalyticsFunctionsApplication
    implements ApplicationContextInitializer<GenericApplicationContext> {

  /** The property (environment: SPRING_CLOUD_FUNCTION_DEFINITION) that picks the stage. */
  static final String DEFINITION_PROPERTY = "spring.cloud.function.definition";

  /** Bean name of the protobuf JSON converter. */
  public static final String CONVERTER_BEAN = "protobufJsonMessageConverter";

  /**
   * What every stage takes from and gives to Spring Cloud Function: the Lambda payload,
   * unconverted, and the response JSON with the headers the AWS adapter reads.
   */
  private static final Type RAW_MESSAGE = ResolvableType.forClassWithGenerics(
      org.springframework.messaging.Message.class, byte[].class).getType();

  @Override
  public void initialize(GenericApplicationContext context) {
    ProtobufJsonMessageConverter converter = new ProtobufJsonMessageConverter();
    context.registerBean(CONVERTER_BEAN, ProtobufJsonMessageConverter.class, () -> converter);
    ClassLoader classLoader = context.getClassLoader() != null
        ? context.getClassLoader() : AnalyticsFunctionsApplication.class.getClassLoader();
    Map<String, AnalyticsFunction<?, ?>> stages = AnalyticsFunctions.load(classLoader);
    StageMetrics metrics = new StageMetrics();
    requireDefinedStages(context.getEnvironment().getProperty(DEFINITION_PROPERTY),
        stages.keySet());
    for (AnalyticsFunction<?, ?> stage : stages.values()) {
      context.registerBean(stage.name(), FunctionRegistration.class,
          () -> registration(stage, converter, metrics));
    }
  }

  /**
   * Fails the start when the function definition names a stage this jar does not have:
   * Spring Cloud Function would otherwise start and fail every invocation with a bare
   * {@code NullPointerException}.
   */
  static void requireDefinedStages(String definition, Set<String> stages) {
    if (definition == null || definition.isBlank()) {
      return;
    }
    for (String name : definition.split("[|,;]")) {
      if (!stages.contains(name.strip())) {
        throw new IllegalStateException("SPRING_CLOUD_FUNCTION_DEFINITION names '"
            + name.strip() + "', which is not a function of this jar; it has "
            + new TreeSet<>(stages));
      }
    }
  }

  private static <I extends Message, O extends Message> FunctionRegistration<?> registration(
      AnalyticsFunction<I, O> stage, ProtobufJsonMessageConverter converter,
      StageMetrics metrics) {
    return new FunctionRegistration<>(new JsonRequestStage<>(stage, converter, metrics),
        stage.name())
        .type(FunctionTypeUtils.functionType(RAW_MESSAGE, RAW_MESSAGE));
  }
}
