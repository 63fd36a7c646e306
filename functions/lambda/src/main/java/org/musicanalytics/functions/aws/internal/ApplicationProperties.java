package org.musicanalytics.functions.aws.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * Reads the function jar's {@code application.properties} into the environment, in place
 * of Spring Boot's config data, which the shaded jars leave out (see the parent pom): its
 * search of locations, profiles and imports is a cold-start cost for one file
 * ({@code bench/results-cold-start.md}). Environment variables and system properties still
 * override every setting, as with Boot; profile files, {@code spring.config.*} and YAML are
 * not read by the function jars.
 *
 * <p>Where Boot's config data did run (an unshaded class path: tests, an application that
 * uses these classes), it has read the file already and this does nothing.
 */
public final class ApplicationProperties implements EnvironmentPostProcessor, Ordered {

  /** The one configuration file of a function jar, at the root of its class path. */
  static final String RESOURCE = "application.properties";

  /** Name of the property source this adds. */
  static final String SOURCE_NAME = "Config resource 'class path resource [" + RESOURCE + "]'";

  /** Where Spring Cloud Function keeps its defaults: the file goes before them. */
  private static final String DEFAULT_PROPERTIES = "defaultProperties";

  @Override
  public int getOrder() {
    // After config data, so that its property source, where there is one, is seen.
    return ConfigDataEnvironmentPostProcessor.ORDER + 1;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment,
      SpringApplication application) {
    MutablePropertySources sources = environment.getPropertySources();
    for (PropertySource<?> source : sources) {
      if (source.getName().contains(RESOURCE)) {
        return; // config data read it
      }
    }
    ClassPathResource resource = new ClassPathResource(RESOURCE, application.getClassLoader());
    if (!resource.exists()) {
      return;
    }
    Properties properties;
    try {
      properties = PropertiesLoaderUtils.loadProperties(resource);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
    PropertiesPropertySource source = new PropertiesPropertySource(SOURCE_NAME, properties);
    if (sources.contains(DEFAULT_PROPERTIES)) {
      sources.addBefore(DEFAULT_PROPERTIES, source);
    } else {
      sources.addLast(source);
    }
  }
}
