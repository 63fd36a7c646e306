package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.StageRpc;
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
  private static final String HTTP_API_TYPE = "AWS::Serverless::HttpApi";
  /** The function that reads byte ranges of the input bucket. */
  private static final String CSV_RANGE = "CsvRangeAnalysis";

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
        "AnalyticsApi", "MapReduce", "UserBehavior", "Recommendation", "GenreAnalysis",
        "CoListening", "LearnedRecommendation", "ShardAnalysis", "CsvRangeAnalysis");
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
  void shouldRejectAMisspelledHttpApiAuthAndRouteProperty() {
    Map<String, Object> api = Map.of("Type", HTTP_API_TYPE,
        "Properties", Map.of("Auth", Map.of("DefaultAuthoriser", "AWS_IAM")));
    Map<String, Object> function = Map.of("Type", FUNCTION_TYPE, "Properties", Map.of(
        "Events", Map.of("Http", Map.of("Type", "HttpApi",
            "Properties", Map.of("Path", "/x", "Method", "POST", "Authorizer", "AWS_IAM")))));

    assertThat(definition(resourceDefinition(HTTP_API_TYPE)).validate(JSON.valueToTree(api)))
        .extracting(Error::toString).anyMatch(e -> e.contains("DefaultAuthoriser"));
    assertThat(definition(resourceDefinition(FUNCTION_TYPE)).validate(JSON.valueToTree(function)))
        .isNotEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldAuthoriseEveryRouteWithIamAndOpenNoOtherWayIn() {
    Map<String, Object> apis = new LinkedHashMap<>();
    resources().forEach((id, resource) -> {
      Map<String, Object> r = (Map<String, Object>) resource;
      // A REST API or a function URL would be another door; only the HTTP API is planned.
      assertThat(r.get("Type")).as(id)
          .isIn(FUNCTION_TYPE, HTTP_API_TYPE);
      if (HTTP_API_TYPE.equals(r.get("Type"))) {
        apis.put(id, r.get("Properties"));
      }
    });
    assertThat(apis).isNotEmpty();
    apis.forEach((id, properties) -> {
      Map<String, Object> auth =
          (Map<String, Object>) ((Map<String, Object>) properties).get("Auth");
      assertThat(auth).as(id + " Auth")
          .containsEntry("EnableIamAuthorizer", true)
          .containsEntry("DefaultAuthorizer", "AWS_IAM")
          .doesNotContainKey("Authorizers");
    });

    for (TemplateFunction function : templateFunctions()) {
      assertThat(function.properties()).as(function.logicalId())
          .doesNotContainKey("FunctionUrlConfig");
      Map<String, Object> events =
          (Map<String, Object>) function.properties().getOrDefault("Events", Map.of());
      assertThat(events).as(function.logicalId() + " events").isNotEmpty();
      events.forEach((name, value) -> {
        Map<String, Object> event = (Map<String, Object>) value;
        String where = function.logicalId() + " event " + name;
        assertThat(event.get("Type")).as(where).isEqualTo("HttpApi");
        Map<String, Object> properties = (Map<String, Object>) event.get("Properties");
        // Without ApiId SAM puts the route on an implicit API that has no authorizer.
        assertThat(properties.get("ApiId")).as(where + " ApiId").isInstanceOf(Map.class);
        String api = String.valueOf(((Map<String, Object>) properties.get("ApiId")).get("Ref"));
        assertThat(apis).as(where + " ApiId").containsKey(api);
        Map<String, Object> routeAuth =
            (Map<String, Object>) properties.getOrDefault("Auth", Map.of());
        assertThat(routeAuth.getOrDefault("Authorizer", "AWS_IAM")).as(where + " authorizer")
            .isEqualTo("AWS_IAM");
      });
    }
  }

  @Test
  void shouldRouteOnePostPerFunction() {
    assertThat(templateFunctions()).extracting(TemplateFunction::logicalId, SamTemplateTest::route)
        .containsExactly(
            tuple("MapReduce", "POST /aggregate-stream"),
            tuple("UserBehavior", "POST /analyze-users"),
            tuple("Recommendation", "POST /recommend"),
            tuple("GenreAnalysis", "POST /analyze-genres"),
            tuple("CoListening", "POST /count-co-listening"),
            tuple("LearnedRecommendation", "POST /recommend-from-listening"),
            tuple("ShardAnalysis", "POST /analyze-shard"),
            tuple("CsvRangeAnalysis", "POST /analyze-csv-range"));
  }

  /** The route key of a function's one HTTP API event, as API Gateway writes it. */
  @SuppressWarnings("unchecked")
  static String route(TemplateFunction function) {
    Map<String, Object> events = (Map<String, Object>) function.properties().get("Events");
    assertThat(events).as(function.logicalId() + " events").hasSize(1);
    Map<String, Object> properties = (Map<String, Object>)
        ((Map<String, Object>) events.values().iterator().next()).get("Properties");
    return properties.get("Method") + " " + properties.get("Path");
  }

  @Test
  void shouldPublishASnapStartAliasOfEveryFunctionButTheOneThatReadsS3() {
    assertThat(templateFunctions()).allSatisfy(function -> {
      assertThat(function.properties()).as(function.logicalId())
          .containsEntry("Runtime", "java21")
          .containsEntry("AutoPublishAlias", "live")
          // Priming before the snapshot runs a sample request, which for CsvRangeAnalysis
          // would be a read of S3.
          .containsEntry("SnapStart", Map.of("ApplyOn",
              function.logicalId().equals(CSV_RANGE) ? "None" : "PublishedVersions"));
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldSetTheStartFlagsOnceForAllFunctions() {
    Map<String, Object> globals =
        (Map<String, Object>) ((Map<String, Object>) template().get("Globals")).get("Function");
    Map<String, Object> variables = (Map<String, Object>)
        ((Map<String, Object>) globals.get("Environment")).get("Variables");
    assertThat(String.valueOf(variables.get("JAVA_TOOL_OPTIONS"))).startsWith("-XX:");
    resources().forEach((id, resource) -> {
      Map<String, Object> properties =
          (Map<String, Object>) ((Map<String, Object>) resource).get("Properties");
      Map<String, Object> environment =
          (Map<String, Object>) properties.getOrDefault("Environment", Map.of());
      assertThat((Map<String, Object>) environment.getOrDefault("Variables", Map.of()))
          .as(id).doesNotContainKey("JAVA_TOOL_OPTIONS");
    });
  }

  @Test
  void shouldFitMemoryAndTimeoutToLambdaAndTheHttpApi() {
    assertThat(templateFunctions()).allSatisfy(function -> {
      // Lambda's range.
      assertThat((Integer) function.properties().get("MemorySize")).as(function.logicalId())
          .isBetween(128, 10_240);
      // An HTTP API gives up on its integration after 30 s.
      assertThat((Integer) function.properties().get("Timeout")).as(function.logicalId())
          .isBetween(1, 30);
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldGrantNothingBeyondBasicExecutionButReadingTheInputBucket() {
    assertThat(templateFunctions()).allSatisfy(function -> assertThat(function.properties())
        .as(function.logicalId())
        .doesNotContainKeys("Role", "Connectors", "VpcConfig", "Layers"));
    assertThat(templateFunctions()).filteredOn(function -> function.properties()
        .containsKey("Policies")).extracting(TemplateFunction::logicalId)
        .containsExactly(CSV_RANGE);
    TemplateFunction reader = templateFunctions().stream()
        .filter(function -> function.logicalId().equals(CSV_RANGE)).findFirst().orElseThrow();
    assertThat(reader.properties().get("Policies")).isEqualTo(List.of(Map.of("S3ReadPolicy",
        Map.of("BucketName", Map.of("Ref", "InputBucket")))));
    Map<String, Object> parameters = (Map<String, Object>) template().get("Parameters");
    assertThat(parameters).containsOnlyKeys("InputBucket");
    resources().forEach((id, resource) -> assertThat(
        String.valueOf(((Map<String, Object>) resource).get("Type"))).as(id)
        .doesNotStartWith("AWS::IAM::").doesNotStartWith("AWS::Lambda::Permission")
        .doesNotStartWith("AWS::Lambda::Url"));
  }

  @Test
  void shouldCapEveryFunctionsConcurrency() {
    assertThat(templateFunctions()).allSatisfy(function ->
        // Reserved, so a flood of one function cannot starve the account, and bounded.
        assertThat(function.properties().get("ReservedConcurrentExecutions"))
            .as(function.logicalId() + " ReservedConcurrentExecutions")
            .isInstanceOfSatisfying(Integer.class, reserved -> assertThat(reserved)
                .isBetween(1, 100)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldThrottleEveryRouteOfTheHttpApi() {
    resources().forEach((id, resource) -> {
      Map<String, Object> r = (Map<String, Object>) resource;
      if (!HTTP_API_TYPE.equals(r.get("Type"))) {
        return;
      }
      Map<String, Object> properties = (Map<String, Object>) r.get("Properties");
      // The schema passes DefaultRouteSettings through unchecked: check its keys here.
      assertThat(properties.get("DefaultRouteSettings")).as(id + " DefaultRouteSettings")
          .isInstanceOfSatisfying(Map.class, settings -> {
            assertThat((Map<String, Object>) settings)
                .containsOnlyKeys("ThrottlingBurstLimit", "ThrottlingRateLimit");
            Object burst = settings.get("ThrottlingBurstLimit");
            Object rate = settings.get("ThrottlingRateLimit");
            assertThat(burst).as(id + " ThrottlingBurstLimit").isInstanceOf(Integer.class);
            assertThat(rate).as(id + " ThrottlingRateLimit").isInstanceOf(Number.class);
            assertThat((Integer) burst).isPositive();
            assertThat(((Number) rate).doubleValue()).isPositive()
                .isLessThanOrEqualTo((Integer) burst);
          });
      // No route may lift the default limits.
      assertThat(properties).as(id).doesNotContainKey("RouteSettings");
    });
    for (TemplateFunction function : templateFunctions()) {
      Map<String, Object> events = (Map<String, Object>) function.properties().get("Events");
      events.forEach((name, event) -> assertThat((Map<String, Object>)
          ((Map<String, Object>) event).get("Properties")).as(function.logicalId() + " " + name)
          .doesNotContainKey("RouteSettings"));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldOutputEachFunctionsNameArnAliasAndTheApiUrl() {
    Map<String, Object> outputs = (Map<String, Object>) template().get("Outputs");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("ApiUrl", Map.of("Fn::GetAtt", List.of("AnalyticsApi", "ApiEndpoint")));
    for (TemplateFunction function : templateFunctions()) {
      String id = function.logicalId();
      expected.put(id + "FunctionName", Map.of("Ref", id));
      expected.put(id + "FunctionArn", Map.of("Fn::GetAtt", List.of(id, "Arn")));
      expected.put(id + "AliasArn", Map.of("Ref", id + ".Alias"));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    outputs.forEach((name, output) -> {
      assertThat((Map<String, Object>) output).as(name).containsKey("Description");
      values.put(name, ((Map<String, Object>) output).get("Value"));
    });

    assertThat(values).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void shouldDeployEveryCatalogueStageUnderItsLambdaNameWithItsFunction() {
    Map<String, String> expected = new LinkedHashMap<>();
    for (Stage stage : Stage.values()) {
      expected.put(stage.lambdaName(), stage.rpc().functionName());
    }
    Map<String, String> deployed = new LinkedHashMap<>();
    for (TemplateFunction function : templateFunctions()) {
      deployed.put(function.logicalId(), function.definition());
    }

    // The fused call, and its variant over a byte range of S3 (not a gRPC rpc: only Lambda
    // reads S3 on the client's behalf).
    expected.put("ShardAnalysis", StageRpc.ANALYZE_SHARD.functionName());
    // The learned recommender's rounds, which serve the recommendation stage with the old
    // rule's function.
    expected.put("CoListening", StageRpc.COUNT_CO_LISTENING.functionName());
    expected.put("LearnedRecommendation", StageRpc.RECOMMEND_FROM_LISTENING.functionName());
    expected.put(CSV_RANGE, "analyzeCsvRange");

    assertThat(deployed).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(Arrays.stream(StageRpc.values()).map(StageRpc::functionName)
        .filter(name -> !deployed.containsValue(name))).isEmpty();
  }

  @Test
  void shouldRunEveryStageThroughFunctionInvokerOnJava21() {
    List<TemplateFunction> functions = templateFunctions();

    assertThat(functions).extracting(TemplateFunction::logicalId)
        .containsExactly("MapReduce", "UserBehavior", "Recommendation", "GenreAnalysis",
            "CoListening", "LearnedRecommendation", "ShardAnalysis", CSV_RANGE);
    assertThat(functions).extracting(TemplateFunction::definition)
        .containsExactly("aggregateStream", "analyzeUsers", "recommend", "analyzeGenres",
            "countCoListening", "recommendFromListening", "analyzeShard", "analyzeCsvRange");
    assertThat(functions).allSatisfy(function -> {
      assertThat(function.handler())
          .isEqualTo(FunctionInvoker.class.getName() + "::handleRequest");
      assertThat(function.environment())
          .containsEntry("MAIN_CLASS", AnalyticsFunctionsApplication.class.getName());
      assertThat(function.codeUri())
          .matches("functions/[a-z0-9-]+/target/functions-[a-z0-9-]+-.+-aws\\.jar");
    });
  }
}
