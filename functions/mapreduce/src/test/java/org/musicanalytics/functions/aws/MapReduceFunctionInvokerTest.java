package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.functions.aws.LambdaTestSupport.event;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoke;
import static org.musicanalytics.functions.aws.LambdaTestSupport.invoker;
import static org.musicanalytics.functions.aws.LambdaTestSupport.parse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.InvalidRequestException;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.Song;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.messaging.converter.MessageConversionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The map-reduce jar's two functions through a real {@link FunctionInvoker}, fed the
 * plain invoke events of {@code events/}. Expected values are counted by hand from the
 * event's 12 plays (the first 12 rows of data/stream_data.csv).
 */
class MapReduceFunctionInvokerTest {

  private static FunctionInvoker aggregateStream;
  private static FunctionInvoker analyzeGenres;

  @BeforeAll
  static void startInvokers() {
    aggregateStream = invoker("aggregateStream");
    analyzeGenres = invoker("analyzeGenres");
  }

  @Test
  void shouldCountPlaysPerSongFromThePlainInvokeEvent() {
    byte[] response = invoke(aggregateStream, event("aggregateStream"));

    PlayCounts counts = parse(response, PlayCounts.newBuilder());
    assertThat(counts.getPlayCountsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Billie Eilish - S007", 2L,
        "Drake - S006", 2L,
        "Taylor Swift - S004", 1L,
        "Adele - S005", 2L,
        "Bruno Mars - S008", 2L,
        "Drake - S010", 2L,
        "Imagine Dragons - S002", 1L));
    assertThat(counts.getSongsMap()).hasSize(7).containsEntry("Drake - S010",
        Song.newBuilder().setArtist("Drake").setSongId("S010").build());
    assertThat(counts.getProcessingTime()).isPositive();
  }

  @Test
  void shouldPrintCountsAsProto3JsonInt64Strings() {
    JsonNode response = JsonMapper.builder().build()
        .readTree(invoke(aggregateStream, event("aggregateStream")));

    assertThat(response.path("play_counts").path("Adele - S005").isString()).isTrue();
    assertThat(response.path("play_counts").path("Adele - S005").asString()).isEqualTo("2");
  }

  @Test
  void shouldRankGenresByPlaysThenName() {
    GenreAnalysisResponse genres =
        parse(invoke(analyzeGenres, event("analyzeGenres")), GenreAnalysisResponse.newBuilder());

    assertThat(genres.getGenreCountsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Hip-Hop", 4L, "Alternative", 2L, "Funk", 2L, "Soul", 2L, "Pop", 1L, "Rock", 1L));
    assertThat(genres.getTopGenresList())
        .containsExactly("Hip-Hop", "Alternative", "Funk", "Soul", "Pop", "Rock");
  }

  @Test
  void shouldAnswerAnApiGatewayEventWithTheResponseAsItsBody() {
    String body = Base64.getEncoder().encodeToString(event("analyzeGenres"));
    String apiEvent = "{\"version\":\"2.0\",\"routeKey\":\"POST /analyzeGenres\","
        + "\"rawPath\":\"/analyzeGenres\",\"isBase64Encoded\":true,\"body\":\"" + body + "\"}";

    JsonNode response = JsonMapper.builder().build().readTree(invoke(analyzeGenres, apiEvent));

    assertThat(response.path("statusCode").asInt()).isEqualTo(200);
    GenreAnalysisResponse genres = parse(
        response.path("body").asString().getBytes(StandardCharsets.UTF_8),
        GenreAnalysisResponse.newBuilder());
    assertThat(genres.getGenreCountsMap()).containsEntry("Hip-Hop", 4L);
  }

  @Test
  void shouldFailAWrongTypeWithTheMessageTypeAndTheProblem() {
    assertThatThrownBy(() -> invoke(aggregateStream,
        "{\"records\":[{\"user_id\":\"U001\",\"song_id\":\"S1\",\"duration\":\"long\"}]}"))
        .isInstanceOf(MessageConversionException.class)
        .hasMessageContaining("Request is not the proto3 JSON of music.StreamList")
        .hasMessageContaining("Not an int32 value: \"long\"");
  }

  @Test
  void shouldFailMalformedJsonRatherThanRunOnAnEmptyRequest() {
    assertThatThrownBy(() -> invoke(analyzeGenres, "{\"records\": [{\"user_id\": \"U001\""))
        .hasMessageContaining("Unexpected end-of-input");
  }

  @Test
  void shouldPassTheStageErrorNamingTheRecord() {
    assertThatThrownBy(() -> invoke(aggregateStream,
        "{\"records\":[{\"user_id\":\"U001\"},{\"user_id\":\"\"}]}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("records[1].user_id must not be empty");
  }
}
