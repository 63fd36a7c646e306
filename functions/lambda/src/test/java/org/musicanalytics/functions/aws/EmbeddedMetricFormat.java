package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks log lines against the structure the CloudWatch Embedded Metric Format
 * specification requires, so that CloudWatch would extract their metrics.
 *
 * <p>The {@code _aws} member holds {@code Timestamp} (epoch milliseconds, a number) and a
 * non-empty {@code CloudWatchMetrics} array of directives; each directive has a
 * {@code Namespace}, {@code Dimensions} (an array of arrays of at most 30 names, each the
 * name of a top-level string member) and {@code Metrics} (at most 100, each a {@code Name}
 * that is a top-level number, or array of numbers, and a {@code Unit} CloudWatch knows).
 */
public final class EmbeddedMetricFormat {

  /** The units CloudWatch accepts (the specification's MetricDefinition.Unit). */
  static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes",
      "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits",
      "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
      "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
      "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
      "Count/Second", "None");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private EmbeddedMetricFormat() {}

  /** The lines of {@code log} that are JSON objects with an {@code _aws} member. */
  public static List<String> emfLines(String log) {
    List<String> lines = new ArrayList<>();
    for (String line : log.split("\\R")) {
      if (line.startsWith("{") && line.contains("\"_aws\"")) {
        lines.add(line);
      }
    }
    return lines;
  }

  /**
   * Parses one EMF line and fails unless it has the specification's structure.
   *
   * @return the line as JSON, for checks of its values
   */
  public static JsonNode check(String line) {
    JsonNode root = JSON.readTree(line);
    assertThat(root.isObject()).as("an object: " + line).isTrue();
    JsonNode aws = root.path("_aws");
    assertThat(aws.isObject()).as("_aws of " + line).isTrue();
    assertThat(aws.path("Timestamp").isIntegralNumber()).as("_aws.Timestamp of " + line).isTrue();
    assertThat(aws.path("Timestamp").asLong()).as("_aws.Timestamp of " + line).isPositive();
    JsonNode directives = aws.path("CloudWatchMetrics");
    assertThat(directives.isArray() && !directives.isEmpty())
        .as("_aws.CloudWatchMetrics of " + line).isTrue();
    for (JsonNode directive : directives) {
      String namespace = directive.path("Namespace").asString("");
      assertThat(namespace).as("Namespace of " + line).isNotBlank().hasSizeLessThanOrEqualTo(255);
      JsonNode dimensions = directive.path("Dimensions");
      assertThat(dimensions.isArray()).as("Dimensions of " + line).isTrue();
      for (JsonNode set : dimensions) {
        assertThat(set.isArray() && set.size() <= 30).as("a dimension set of " + line).isTrue();
        for (JsonNode name : set) {
          assertThat(name.isString()).as("dimension name in " + line).isTrue();
          assertThat(root.path(name.asString()).isString())
              .as("dimension " + name + " as a top-level string in " + line).isTrue();
        }
      }
      JsonNode metrics = directive.path("Metrics");
      assertThat(metrics.isArray() && metrics.size() <= 100).as("Metrics of " + line).isTrue();
      for (JsonNode metric : metrics) {
        String name = metric.path("Name").asString("");
        assertThat(name).as("metric Name in " + line).isNotBlank();
        if (metric.has("Unit")) {
          assertThat(UNITS).as("Unit of " + name + " in " + line)
              .contains(metric.path("Unit").asString());
        }
        JsonNode value = root.path(name);
        boolean numbers = value.isNumber() || value.isArray() && !value.isEmpty()
            && value.valueStream().allMatch(JsonNode::isNumber);
        assertThat(numbers).as("metric " + name + " as a top-level number in " + line).isTrue();
      }
    }
    return root;
  }

  /** The unit a line's directive gives {@code metric}, or {@code null} if none. */
  public static String unit(JsonNode line, String metric) {
    for (JsonNode directive : line.path("_aws").path("CloudWatchMetrics")) {
      for (JsonNode definition : directive.path("Metrics")) {
        if (metric.equals(definition.path("Name").asString())) {
          return definition.path("Unit").asString(null);
        }
      }
    }
    return null;
  }
}
