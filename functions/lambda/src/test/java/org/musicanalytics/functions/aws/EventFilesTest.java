package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.eventFiles;
import static org.musicanalytics.functions.aws.LambdaTestSupport.repositoryRoot;
import static org.musicanalytics.functions.aws.LambdaTestSupport.templateFunctions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.aws.LambdaTestSupport.EventFile;
import org.musicanalytics.functions.aws.LambdaTestSupport.TemplateFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of {@code events/} against template.yaml: one plain invoke event and one API
 * Gateway HTTP API (payload format 2.0) event per function, each HTTP event on its
 * function's route and carrying the same request as the plain one, and every file run by
 * the FunctionInvoker test of the module that builds its function. The runs themselves
 * (and the responses they check) are in those modules: {@code *FunctionInvokerTest}.
 */
class EventFilesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Map<String, TemplateFunction> functionsByDefinition() {
    Map<String, TemplateFunction> functions = new LinkedHashMap<>();
    templateFunctions().forEach(function -> functions.put(function.definition(), function));
    return functions;
  }

  @Test
  void shouldHaveAPlainAndAnHttpEventForEveryFunctionAndNothingElse() {
    List<String> expected = functionsByDefinition().keySet().stream()
        .flatMap(definition -> Stream.of(definition + ".json", definition + "-http.json"))
        .toList();

    // eventFiles() fails on any name that is not <definition>(-http).json.
    assertThat(eventFiles()).extracting(EventFile::name)
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void shouldKeepPlainEventsAsTheBareRequest() {
    for (EventFile file : eventFiles()) {
      if (!file.http()) {
        JsonNode event = JSON.readTree(file.bytes());
        assertThat(event.isObject()).as(file.name()).isTrue();
        // FunctionInvoker treats an object with these keys as an API Gateway event.
        assertThat(event.has("httpMethod") || event.has("routeKey")).as(file.name()).isFalse();
      }
    }
  }

  @Test
  void shouldSendEachHttpEventOnItsFunctionsRouteWithThePlainRequestAsBody() {
    Map<String, TemplateFunction> functions = functionsByDefinition();
    for (EventFile file : eventFiles()) {
      if (!file.http()) {
        continue;
      }
      JsonNode event = JSON.readTree(file.bytes());
      String route = SamTemplateTest.route(functions.get(file.definition()));
      assertThat(event.path("version").asString()).as(file.name()).isEqualTo("2.0");
      assertThat(event.path("routeKey").asString()).as(file.name()).isEqualTo(route);
      assertThat(event.path("requestContext").path("routeKey").asString()).as(file.name())
          .isEqualTo(route);
      assertThat("POST " + event.path("rawPath").asString()).as(file.name()).isEqualTo(route);
      assertThat(event.path("requestContext").path("http").path("method").asString())
          .as(file.name()).isEqualTo("POST");
      // The route is IAM-authorised: API Gateway passes the signer's identity on.
      assertThat(event.path("requestContext").path("authorizer").path("iam")
          .path("userArn").asString()).as(file.name()).startsWith("arn:aws:iam::");
      assertThat(event.path("isBase64Encoded").isBoolean()).as(file.name()).isTrue();
      assertThat(event.path("body").isString()).as(file.name()).isTrue();

      Path plain = file.path().resolveSibling(file.definition() + ".json");
      assertThat(JSON.readTree(file.requestJson())).as(file.name() + " body")
          .isEqualTo(JSON.readTree(plain.toFile()));
    }
  }

  @Test
  void shouldHaveABase64EncodedHttpEvent() {
    List<EventFile> encoded = eventFiles().stream()
        .filter(file -> file.http()
            && JSON.readTree(file.bytes()).path("isBase64Encoded").asBoolean())
        .toList();

    assertThat(encoded).isNotEmpty();
    for (EventFile file : encoded) {
      String body = JSON.readTree(file.bytes()).path("body").asString();
      assertThat(new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8))
          .isEqualTo(file.requestJson());
    }
  }

  /**
   * Every module whose jar the template deploys has a FunctionInvoker test that answers
   * all of its functions' event files ({@link LambdaTestSupport#moduleEventFiles}), so a
   * file added to {@code events/} is run and checked without anyone listing it.
   */
  @Test
  void shouldRunEveryEventFileInTheModuleThatBuildsItsFunction() throws IOException {
    Set<Path> modules = templateFunctions().stream()
        .map(function -> repositoryRoot().relativize(function.codePath()).getName(0)
            .resolve(repositoryRoot().relativize(function.codePath()).getName(1)))
        .collect(Collectors.toCollection(LinkedHashSet::new));
    assertThat(modules).extracting(Path::toString).containsExactlyInAnyOrder(
        "functions/mapreduce", "functions/userbehavior", "functions/recommendation",
        "functions/s3-input");

    for (Path module : modules) {
      Path tests = repositoryRoot().resolve(module).resolve("src/test/java");
      List<Path> runners;
      try (Stream<Path> files = Files.walk(tests)) {
        runners = files.filter(f -> f.getFileName().toString().endsWith("FunctionInvokerTest.java"))
            .filter(f -> {
              try {
                String source = Files.readString(f);
                return source.contains("@TestFactory") && source.contains("moduleEventFiles()");
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }).toList();
      }
      assertThat(runners).as(module + ": a *FunctionInvokerTest running moduleEventFiles()")
          .isNotEmpty();
    }
  }
}
