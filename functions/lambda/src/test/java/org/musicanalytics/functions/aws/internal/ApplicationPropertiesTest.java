package org.musicanalytics.functions.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** application.properties read without Boot's config data, as the function jars do. */
class ApplicationPropertiesTest {

  private final StandardEnvironment environment = new StandardEnvironment();

  @Test
  void shouldAddTheFileBelowSystemPropertiesAndAboveDefaults() {
    environment.getPropertySources().addLast(
        new MapPropertySource("defaultProperties", Map.of("spring.main.banner-mode", "console")));
    System.setProperty("spring.cloud.function.scan.enabled", "true");
    try {
      new ApplicationProperties().postProcessEnvironment(environment, new SpringApplication());

      assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("off");
      assertThat(environment.getProperty("spring.cloud.function.preferred-json-mapper"))
          .isEqualTo("gson");
      // A system property (as an environment variable) still overrides the file.
      assertThat(environment.getProperty("spring.cloud.function.scan.enabled")).isEqualTo("true");
      assertThat(environment.getPropertySources().stream().map(s -> s.getName()).toList())
          .endsWith(ApplicationProperties.SOURCE_NAME, "defaultProperties");
    } finally {
      System.clearProperty("spring.cloud.function.scan.enabled");
    }
  }

  @Test
  void shouldLeaveTheFileToConfigDataWhereThatReadItAlready() {
    environment.getPropertySources().addLast(new MapPropertySource(
        "Config resource 'class path resource [application.properties]' via location "
            + "'optional:classpath:/'", Map.of("spring.main.banner-mode", "log")));

    new ApplicationProperties().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("log");
    assertThat(environment.getPropertySources().contains(ApplicationProperties.SOURCE_NAME))
        .isFalse();
  }
}
