package org.musicanalytics.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

class ProtobufJsonMessageConverterTest {

  private final ProtobufJsonMessageConverter converter = new ProtobufJsonMessageConverter();

  private static Message<byte[]> plain(String json) {
    return MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8)).build();
  }

  private static Message<byte[]> apiGateway(String event) {
    return MessageBuilder.withPayload(event.getBytes(StandardCharsets.UTF_8))
        .setHeader(ProtobufJsonMessageConverter.AWS_API_GATEWAY, true).build();
  }

  @Test
  void shouldReadProtoFieldNamesAndJsonNamesAlike() {
    StreamList request = converter.read(plain("""
        {"records": [
          {"user_id": "U1", "song_id": "S1", "artist": "Zoë", "duration": 215,
           "timestamp": "2025-11-05T10:53:00", "genre": "Pop"},
          {"userId": "U2", "songId": "S2", "artist": "A - B", "duration": "30"}
        ]}"""), StreamList.class);

    assertThat(request.getRecordsList()).containsExactly(
        StreamRecord.newBuilder().setUserId("U1").setSongId("S1").setArtist("Zoë")
            .setDuration(215).setTimestamp("2025-11-05T10:53:00").setGenre("Pop").build(),
        StreamRecord.newBuilder().setUserId("U2").setSongId("S2").setArtist("A - B")
            .setDuration(30).build());
  }

  @Test
  void shouldCarryTheRequestForListeningAndTheListeningThroughJson() throws Exception {
    StreamList request = converter.read(plain(
        "{\"records\":[{\"user_id\":\"U1\"}],\"with_listening\":true}"), StreamList.class);
    ShardCounts counts = ShardCounts.newBuilder().addUserIds("U1").addArtists("A")
        .addSongIds("S1").addSongArtistIndex(0).addSongIdIndex(0).addSongPlays(3)
        .addUserSeconds(9).addListenUserIndex(0).addListenSongIndex(0).addListenPlays(3)
        .addSongDaySongIndex(0).addSongDayDay(-3).addSongDayPlays(Long.MAX_VALUE).build();

    assertThat(request.getWithListening()).isTrue();
    assertThat(converter.read(plain(new String(converter.write(counts),
        StandardCharsets.UTF_8)), ShardCounts.class)).isEqualTo(counts);
  }

  @Test
  void shouldIgnoreFieldsANewerClientAdds() {
    StreamList request = converter.read(
        plain("{\"records\":[{\"user_id\":\"U1\",\"mood\":\"happy\"}],\"shard\":3}"),
        StreamList.class);

    assertThat(request.getRecords(0).getUserId()).isEqualTo("U1");
  }

  @Test
  void shouldNameTheMessageAndTheProblemForAWrongType() {
    assertThatThrownBy(() -> converter.read(
        plain("{\"records\":[{\"user_id\":\"U1\",\"duration\":\"three\"}]}"), StreamList.class))
        .isInstanceOf(MessageConversionException.class)
        .hasMessageContaining("music.StreamList")
        .hasMessageContaining("Not an int32 value: \"three\"");
  }

  @Test
  void shouldNameTheProblemForMalformedJson() {
    assertThatThrownBy(() -> converter.read(plain("{\"records\": [ {\"user_id\": "),
        StreamList.class))
        .isInstanceOf(MessageConversionException.class)
        .hasMessageContaining("Request is not the proto3 JSON of music.StreamList");
  }

  @Test
  void shouldStateTheProblemWithoutTheParsersClassNames() {
    assertThatThrownBy(() -> converter.read(plain("{\"records\" [1]}"), StreamList.class))
        .isInstanceOf(MessageConversionException.class)
        .hasMessageStartingWith("Request is not the proto3 JSON of music.StreamList: Expected ':'")
        .hasMessageNotContaining("com.google");
  }

  @Test
  void shouldRejectTheJsonOfAnotherMessageRatherThanReadAnEmptyRequest() {
    // A RecommendationRequest sent where a StreamList belongs: every field unknown.
    assertThatThrownBy(() -> converter.read(
        plain("{\"play_counts\":{\"play_counts\":{\"A - S1\":\"2\"}},\"user_stats\":{}}"),
        StreamList.class))
        .isInstanceOf(MessageConversionException.class)
        .hasMessage("Request is not the proto3 JSON of music.StreamList: it has none of its"
            + " fields (records, with_listening) but play_counts, user_stats");
  }

  @Test
  void shouldReadAnEmptyObjectOrEmptyKnownFieldsAsTheEmptyRequest() {
    assertThat(converter.read(plain("{}"), StreamList.class))
        .isEqualTo(StreamList.getDefaultInstance());
    assertThat(converter.read(plain("{\"records\":[],\"shard\":2}"), StreamList.class))
        .isEqualTo(StreamList.getDefaultInstance());
  }

  @Test
  void shouldTellApiGatewayEventsFromPlainInvokes() {
    assertThat(ProtobufJsonMessageConverter.isApiGatewayEvent(apiGateway("{}"))).isTrue();
    assertThat(ProtobufJsonMessageConverter.isApiGatewayEvent(plain("{}"))).isFalse();
  }

  @Test
  void shouldRejectAnArrayWhereTheRequestObjectBelongs() {
    assertThatThrownBy(() -> converter.read(plain("[{\"user_id\":\"U1\"}]"), StreamList.class))
        .isInstanceOf(MessageConversionException.class)
        .hasMessageContaining("music.StreamList");
  }

  @Test
  void shouldReadTheBodyOfAnApiGatewayEvent() {
    StreamList request = converter.read(apiGateway("""
        {"version": "2.0", "routeKey": "POST /aggregateStream", "isBase64Encoded": false,
         "body": "{\\"records\\":[{\\"user_id\\":\\"U7\\",\\"duration\\":12}]}"}"""),
        StreamList.class);

    assertThat(request.getRecords(0).getUserId()).isEqualTo("U7");
    assertThat(request.getRecords(0).getDuration()).isEqualTo(12);
  }

  @Test
  void shouldDecodeABase64ApiGatewayBody() {
    String body = Base64.getEncoder().encodeToString(
        "{\"records\":[{\"user_id\":\"Ü1\"}]}".getBytes(StandardCharsets.UTF_8));
    StreamList request = converter.read(apiGateway(
        "{\"httpMethod\":\"POST\",\"isBase64Encoded\":true,\"body\":\"" + body + "\"}"),
        StreamList.class);

    assertThat(request.getRecords(0).getUserId()).isEqualTo("Ü1");
  }

  @Test
  void shouldSayWhenAnApiGatewayEventHasNoBody() {
    assertThatThrownBy(() -> converter.read(apiGateway("{\"httpMethod\":\"POST\"}"),
        StreamList.class))
        .isInstanceOf(MessageConversionException.class)
        .hasMessageContaining("API Gateway event has no body");
  }

  @Test
  void shouldSayWhenABase64BodyIsNotBase64() {
    assertThatThrownBy(() -> converter.read(apiGateway(
        "{\"httpMethod\":\"POST\",\"isBase64Encoded\":true,\"body\":\"{not base64}\"}"),
        StreamList.class))
        .isInstanceOf(MessageConversionException.class)
        .hasMessageContaining("isBase64Encoded but is not base64");
  }

  @Test
  void shouldPrintInt64CountsAsStringsUnderProtoFieldNames() {
    PlayCounts counts = PlayCounts.newBuilder()
        .putPlayCounts("Adele - S005", 3_000_000_000L)
        .setProcessingTime(0.5)
        .build();

    Message<?> message = converter.toMessage(counts, null);

    String json = new String((byte[]) message.getPayload(), StandardCharsets.UTF_8);
    assertThat(json).isEqualTo(
        "{\"play_counts\":{\"Adele - S005\":\"3000000000\"},\"processing_time\":0.5}");
    assertThat(converter.write(counts)).isEqualTo(message.getPayload());
  }

  @Test
  void shouldConvertAnyProtobufMessageAsApplicationJson() {
    Message<byte[]> json = MessageBuilder.withPayload("{\"records\":[]}".getBytes())
        .setHeader("contentType", MimeTypeUtils.APPLICATION_JSON).build();

    assertThat(converter.fromMessage(json, StreamList.class)).isEqualTo(StreamList.getDefaultInstance());
    assertThat(converter.fromMessage(json, String.class)).isNull();
    Message<byte[]> xml = MessageBuilder.withPayload("<records/>".getBytes())
        .setHeader("contentType", MimeTypeUtils.APPLICATION_XML).build();
    assertThat(converter.fromMessage(xml, StreamList.class)).isNull();
  }
}
