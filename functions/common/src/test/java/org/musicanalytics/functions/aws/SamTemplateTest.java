package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.functions.aws.LambdaTestSupport.template;
import static org.musicanalytics.functions.aws.LambdaTestSupport.templateFunctions;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.aws.LambdaTestSupport.TemplateFunction;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * template.yaml against the AWS SAM JSON schema (test resource {@code sam/sam.schema.json},
 * origin in {@code sam/NOTICE.md}), and its function settings against this code.
 *
 * <p>The schema's top level accepts any resource as a generic CloudFormation resource, so
 * each {@code AWS::Serverless::*} resource is also validated against its own type's
 * definition, which rejects misspelled properties.
 */
class SamTemplateTest {

  private static final String FUNCTION_TYPE = "AWS::Serverless::Function";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Draft 4, plus the SAM schema's documentation keywords, which validate nothing. */
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
      Dialect.builder(Dialects.getDraft4())
          .keyword(new NonValidationKeyword("__samPassThrough"))
          .keyword(new NonValidationKeyword("markdownDescription"))
          .build());

  private static JsonNode samSchema;

  @BeforeAll
  static void loadSchema() throws IOException {
    try (InputStream in = SamTemplateTest.class.getResourceAsStream("/sam/sam.schema.json")) {
      samSchema = JSON.readTree(in);
    }
  }

  /** The SAM schema narrowed to one of its definitions (draft-04 ignores $ref siblings). */
  private static Schema definition(String name) {
    assertThat(samSchema.path("definitions").has(name)).as("SAM schema defines " + name).isTrue();
    ObjectNode narrowed = JSON.createObjectNode();
    narrowed.put("$schema", samSchema.path("$schema").asString());
    narrowed.set("definitions", samSchema.path("definitions"));
    narrowed.put("$ref", "#/definitions/" + name);
    return REGISTRY.getSchema(narrowed);
  }

  /** {@code AWS::Serverless::HttpApi} -> {@code ..._aws_serverless_httpapi__Resource}. */
  private static String resourceDefinition(String type) {
    return "samtranslator__internal__schema_source__aws_serverless_"
        + type.substring("AWS::Serverless::".length()).toLowerCase() + "__Resource";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> resources() {
    return (Map<String, Object>) template().get("Resources");
  }

  @Test
  void shouldMatchTheSamSchemaAsAWhole() {
    Schema whole = REGISTRY.getSchema(samSchema);

    List<Error> errors = whole.validate(JSON.valueToTree(template()));

    assertThat(errors).isEmpty();
  }

  @Test
  void shouldMatchEachServerlessResourceToItsOwnTypeDefinition() {
    Map<String, List<String>> errorsByResource = new LinkedHashMap<>();
    resources().forEach((id, resource) -> {
      String type = String.valueOf(((Map<?, ?>) resource).get("Type"));
      if (type.startsWith("AWS::Serverless::")) {
        List<String> errors = new ArrayList<>();
        definition(resourceDefinition(type)).validate(JSON.valueToTree(resource))
            .forEach(error -> errors.add(error.toString()));
        errorsByResource.put(id, errors);
      }
    });

    assertThat(errorsByResource).containsOnlyKeys(
        "MapReduce", "UserBehavior", "Recommendation", "GenreAnalysis");
    assertThat(errorsByResource).allSatisfy((id, errors) -> assertThat(errors).as(id).isEmpty());
  }

  @Test
  void shouldRejectAMisspelledFunctionProperty() {
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("Type", FUNCTION_TYPE);
    resource.put("Properties", Map.of("Handeler", "x::y", "CodeUri", "a.jar"));

    List<Error> errors = definition(resourceDefinition(FUNCTION_TYPE))
        .validate(JSON.valueToTree(resource));

    assertThat(errors).extracting(Error::toString).anyMatch(e -> e.contains("Handeler"));
  }

  @Test
  void shouldRunEveryStageThroughFunctionInvokerOnJava21() {
    List<TemplateFunction> functions = templateFunctions();

    assertThat(functions).extracting(TemplateFunction::logicalId)
        .containsExactly("MapReduce", "UserBehavior", "Recommendation", "GenreAnalysis");
    assertThat(functions).extracting(TemplateFunction::definition)
        .containsExactly("aggregateStream", "analyzeUsers", "recommend", "analyzeGenres");
    assertThat(functions).allSatisfy(function -> {
      assertThat(function.handler())
          .isEqualTo(FunctionInvoker.class.getName() + "::handleRequest");
      assertThat(function.environment())
          .containsEntry("MAIN_CLASS", AnalyticsFunctionsApplication.class.getName());
      assertThat(function.codeUri()).matches("functions/[a-z]+/target/functions-[a-z]+-.+-aws\\.jar");
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldUseJava21AndStateNoEventsYet() {
    Map<String, Object> globals =
        (Map<String, Object>) ((Map<String, Object>) template().get("Globals")).get("Function");
    assertThat(globals).containsEntry("Runtime", "java21");
    // Issue 3 adds an IAM-authorised HTTP API; until then nothing but an authorised
    // Invoke reaches the functions.
    resources().values().forEach(resource -> assertThat(
        (Map<String, Object>) ((Map<String, Object>) resource).get("Properties"))
        .doesNotContainKeys("Events", "FunctionUrlConfig"));
  }
}
