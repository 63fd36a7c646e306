package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

/**
 * The merged {@code META-INF/spring.factories} of a shaded {@code -aws.jar}, against what
 * the shade configuration (parent pom) means it to be.
 *
 * <p>{@link #LEFT_OUT} is spring-boot-autoconfigure's file, entry by entry, with why each is
 * not needed, and {@link #BOOT_LEFT_OUT} what the jars leave out of spring-boot's own: the
 * check fails when a Boot upgrade changes either file, so that no new entry is dropped
 * unseen. The {@code *AwsJarIT}, {@code *RuntimeIT} and {@code FunctionPrimingIT} tests show
 * that the rest still starts and serves every function.
 */
final class ShadedSpringFactories {

  private static final String FACTORIES = "META-INF/spring.factories";

  /** The package of every class {@link #LEFT_OUT} names. */
  private static final String AUTOCONFIGURE = "org.springframework.boot.autoconfigure.";

  /** The artifact whose spring.factories the shaded jar leaves out. */
  private static final String AUTOCONFIGURE_JAR = "/spring-boot-autoconfigure-[0-9][^/]*\\.jar!/";

  /**
   * spring-boot itself: its file is left out too, and functions-lambda's spring.factories
   * lists its entries, all but {@link #BOOT_LEFT_OUT}.
   */
  private static final String BOOT_JAR = "/spring-boot-[0-9][^/]*\\.jar!/";

  /**
   * The entry of spring-boot's spring.factories the function jars do without: config data,
   * whose search of locations, profiles and imports costs every cold start CPU to read one
   * file; {@code ApplicationProperties} reads it instead.
   */
  static final Map<String, Set<String>> BOOT_LEFT_OUT = Map.of(
      "org.springframework.boot.EnvironmentPostProcessor", Set.of(
          "org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor"));

  /**
   * Every entry of spring-boot-autoconfigure's spring.factories, none of which a
   * functional start uses.
   */
  static final Map<String, Set<String>> LEFT_OUT = Map.of(
      // Caches class metadata for configuration-class parsing, which never runs here;
      // logs the condition report of auto-configuration, of which there is none.
      "org.springframework.context.ApplicationContextInitializer", Set.of(
          AUTOCONFIGURE + "SharedMetadataReaderFactoryContextInitializer",
          AUTOCONFIGURE + "logging.ConditionEvaluationReportLoggingListener"),
      // Starts a thread that builds conversion services, charsets and (through the web
      // module's entry) HTTP message converters with a Jackson mapper: CPU a cold start
      // spends for nothing. StagePreinitializer warms what the function really uses.
      "org.springframework.context.ApplicationListener", Set.of(
          AUTOCONFIGURE + "preinitialize.BackgroundPreinitializingApplicationListener"),
      "org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer", Set.of(
          AUTOCONFIGURE + "preinitialize.CharsetsBackgroundPreinitializer",
          AUTOCONFIGURE + "preinitialize.ConversionServiceBackgroundPreinitializer"),
      // Read only while importing auto-configuration classes.
      "org.springframework.boot.autoconfigure.AutoConfigurationImportListener", Set.of(
          AUTOCONFIGURE + "condition.ConditionEvaluationReportAutoConfigurationImportListener"),
      "org.springframework.boot.autoconfigure.AutoConfigurationImportFilter", Set.of(
          AUTOCONFIGURE + "condition.OnBeanCondition",
          AUTOCONFIGURE + "condition.OnClassCondition",
          AUTOCONFIGURE + "condition.OnWebApplicationCondition"),
      // Explain failures of auto-configured beans and watched SSL bundles: neither exists.
      "org.springframework.boot.diagnostics.FailureAnalyzer", Set.of(
          AUTOCONFIGURE + "diagnostics.analyzer.NoSuchBeanDefinitionFailureAnalyzer",
          AUTOCONFIGURE + "ssl.BundleContentNotWatchableFailureAnalyzer"));

  /** Entries the functional start cannot do without: they must survive the merge. */
  static final Map<String, Set<String>> REQUIRED = Map.of(
      "org.springframework.context.ApplicationContextInitializer", Set.of(
          "org.musicanalytics.functions.aws.internal.PrimingInitializer",
          "org.springframework.cloud.function.context.config.ContextFunctionCatalogInitializer"),
      "org.springframework.context.ApplicationListener", Set.of(
          "org.musicanalytics.functions.aws.internal.StagePreinitializer",
          "org.springframework.boot.context.logging.LoggingApplicationListener",
          "org.springframework.boot.support.EnvironmentPostProcessorApplicationListener"),
      "org.springframework.boot.SpringApplicationRunListener", Set.of(
          "org.springframework.boot.context.event.EventPublishingRunListener"),
      "org.springframework.boot.EnvironmentPostProcessor", Set.of(
          "org.musicanalytics.functions.aws.internal.ApplicationProperties"));

  private ShadedSpringFactories() {}

  /**
   * Checks the jar's merged spring.factories: no entry of {@link #LEFT_OUT}, every entry of
   * {@link #REQUIRED}; and that spring-boot-autoconfigure on this class path (the version
   * the jar was built from) lists exactly {@link #LEFT_OUT}.
   */
  static void check(Path jar) throws IOException {
    assertThat(factories(upstream(AUTOCONFIGURE_JAR)))
        .as("spring-boot-autoconfigure's " + FACTORIES
        + " changed: decide for each new entry whether the functional start needs it, then "
        + "update ShadedSpringFactories.LEFT_OUT (or stop leaving the file out in the pom)")
        .isEqualTo(new TreeMap<>(LEFT_OUT));

    Map<String, Set<String>> merged;
    try (JarFile file = new JarFile(jar.toFile())) {
      ZipEntry entry = file.getEntry(FACTORIES);
      assertThat(entry).as(FACTORIES + " in " + jar.getFileName()).isNotNull();
      try (InputStream in = file.getInputStream(entry)) {
        merged = factories(in);
      }
    }
    LEFT_OUT.forEach((key, classes) -> assertThat(merged.getOrDefault(key, Set.of()))
        .as(key + " in " + jar.getFileName()).doesNotContainAnyElementsOf(classes));
    REQUIRED.forEach((key, classes) -> assertThat(merged.getOrDefault(key, Set.of()))
        .as(key + " in " + jar.getFileName()).containsAll(classes));

    // Every entry of spring-boot's own file but BOOT_LEFT_OUT, which must be absent: a new
    // entry in a Boot upgrade is missing from functions-lambda's copy and fails here.
    Map<String, Set<String>> boot = factories(upstream(BOOT_JAR));
    BOOT_LEFT_OUT.forEach((key, classes) -> {
      assertThat(boot.getOrDefault(key, Set.of())).as("spring-boot's " + key).containsAll(classes);
      assertThat(merged.getOrDefault(key, Set.of())).as(key + " in " + jar.getFileName())
          .doesNotContainAnyElementsOf(classes);
    });
    boot.forEach((key, classes) -> {
      Set<String> kept = new TreeSet<>(classes);
      kept.removeAll(BOOT_LEFT_OUT.getOrDefault(key, Set.of()));
      assertThat(merged.getOrDefault(key, Set.of())).as("spring-boot's " + key + " in "
          + jar.getFileName() + " (functions-lambda's spring.factories lists them)")
          .containsAll(kept);
    });
  }

  /** The spring.factories of the one jar on the test class path whose URL matches. */
  private static InputStream upstream(String jarPattern) throws IOException {
    Enumeration<URL> resources =
        ShadedSpringFactories.class.getClassLoader().getResources(FACTORIES);
    Pattern pattern = Pattern.compile(jarPattern);
    List<URL> matching = Collections.list(resources).stream()
        .filter(url -> pattern.matcher(url.toString()).find()).toList();
    assertThat(matching).as(jarPattern + " " + FACTORIES + " on the class path").hasSize(1);
    return matching.get(0).openStream();
  }

  private static Map<String, Set<String>> factories(InputStream in) throws IOException {
    Properties properties = new Properties();
    try (in) {
      properties.load(in);
    }
    Map<String, Set<String>> factories = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      Set<String> classes = new TreeSet<>();
      Arrays.stream(properties.getProperty(key).split(",")).map(String::strip)
          .filter(name -> !name.isEmpty()).forEach(classes::add);
      factories.put(key, classes);
    }
    return factories;
  }
}
