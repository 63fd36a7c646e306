package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.musicanalytics.functions.aws.LambdaTestSupport.apiGatewayBody;
import static org.musicanalytics.functions.aws.LambdaTestSupport.apiGatewayError;
import static org.musicanalytics.functions.aws.LambdaTestSupport.event;
import static org.musicanalytics.functions.aws.LambdaTestSupport.httpEvent;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoke;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoker;
import static org.musicanalytics.functions.aws.LambdaTestSupport.moduleEventFiles;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.musicanalytics.functions.aws.LambdaTestSupport.EventFile;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.messaging.converter.MessageConversionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code analyzeUsers} through a real {@link FunctionInvoker}: every event file of it in
 * {@code events/} (plain invoke and API Gateway HTTP API), and bad requests by both paths.
 * Expected values: {@link UserBehaviorSampleResponses}.
 */
class UserBehaviorFunctionInvokerTest {

  private static FunctionInvoker analyzeUsers;

  @BeforeAll
  static void startInvoker() {
    analyzeUsers = invoker("analyzeUsers");
  }

  /** Every event file of this module's function, whatever files events/ holds. */
  @TestFactory
  Stream<DynamicTest> shouldAnswerEveryEventFile() {
    List<EventFile> files = moduleEventFiles();
    assertThat(files).extracting(EventFile::name)
        .contains("analyzeUsers.json", "analyzeUsers-http.json");
    return files.stream().map(file -> dynamicTest(file.name(), () -> {
      byte[] response = invoke(analyzeUsers, file.bytes());

      byte[] json = file.http() ? apiGatewayBody(response, 200) : response;
      UserBehaviorSampleResponses.BY_DEFINITION.get(file.definition()).accept(json);
    }));
  }

  @Test
  void shouldPrintTotalsAsProto3JsonInt64Strings() {
    var response = JsonMapper.builder().build()
        .readTree(invoke(analyzeUsers, event("analyzeUsers")));

    assertThat(response.path("user_stats").path(1).path("total_time").isString()).isTrue();
    assertThat(response.path("user_stats").path(1).path("total_time").asString())
        .isEqualTo("860");
  }

  @Test
  void shouldFailARecordThatIsNotAnObject() {
    assertThatThrownBy(() -> invoke(analyzeUsers, "{\"records\":[\"U001,S001,Adele,200\"]}"))
        .isInstanceOf(MessageConversionException.class)
        .hasMessageContaining("music.StreamList");
  }

  @Test
  void shouldAnswer400NamingTheRecordWithoutAUser() {
    JsonNode error = apiGatewayError(invoke(analyzeUsers, httpEvent("analyzeUsers",
        "{\"records\":[{\"user_id\":\"U1\",\"duration\":10},{\"duration\":20}]}")), 400);

    assertThat(error.path("error").asString()).isEqualTo("InvalidRequest");
    assertThat(error.path("message").asString()).isEqualTo("records[1].user_id must not be empty");
    assertThat(error.path("field").asString()).isEqualTo("records[1].user_id");
  }

  @Test
  void shouldAnswer400ForARecordThatIsNotAnObject() {
    JsonNode error = apiGatewayError(invoke(analyzeUsers,
        httpEvent("analyzeUsers", "{\"records\":[\"U001,S001,Adele,200\"]}")), 400);

    assertThat(error.path("error").asString()).isEqualTo("MalformedRequest");
    assertThat(error.path("message").asString())
        .startsWith("Request is not the proto3 JSON of music.StreamList: ");
  }
}
