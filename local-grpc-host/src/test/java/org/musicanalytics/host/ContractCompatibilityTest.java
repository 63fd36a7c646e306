package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musicanalytics.host.HostTesting.channel;
import static org.musicanalytics.host.HostTesting.shutdown;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.Type;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.musicanalytics.legacy.proto.LegacyMusicProto;
import org.musicanalytics.legacy.proto.repeated_string;
import org.musicanalytics.proto.MusicAnalyticsProto;

/**
 * A client of the old deployment keeps working: the old contract, exactly as it was
 * ({@code src/test/proto/legacy/music.proto}, generated under
 * {@code org.musicanalytics.legacy.proto}), against this project's messages and host.
 *
 * <p>Fully qualified names tell the two apart: {@code org.musicanalytics.legacy.proto.*}
 * is the old contract, {@code org.musicanalytics.proto.*} ours.
 */
class ContractCompatibilityTest {

  private static final FileDescriptor OLD = LegacyMusicProto.getDescriptor();
  private static final FileDescriptor OURS = MusicAnalyticsProto.getDescriptor();

  /** The one message the old contract names differently; only its field is on the wire. */
  private static final Map<String, String> RENAMED = Map.of("music.repeated_string",
      "music.SongKeys");

  // ---- the old contract's messages, every field set, with the awkward values ----

  private static org.musicanalytics.legacy.proto.StreamRecord oldRecord(
      String user, String song, String artist, int seconds, String genre) {
    return org.musicanalytics.legacy.proto.StreamRecord.newBuilder().setUserId(user)
        .setSongId(song).setArtist(artist).setDuration(seconds)
        .setTimestamp("2025-11-05T10:53:00").setGenre(genre).build();
  }

  private static final org.musicanalytics.legacy.proto.StreamList OLD_STREAMS =
      org.musicanalytics.legacy.proto.StreamList.newBuilder()
          .addRecords(oldRecord("u1", "s1", "Beyoncé, \"Queen\" - Live", 245, "Pop"))
          .addRecords(oldRecord("ü2", "s2", "Björk", Integer.MAX_VALUE, "Электроника"))
          .build();

  private static final org.musicanalytics.legacy.proto.PlayCounts OLD_COUNTS =
      org.musicanalytics.legacy.proto.PlayCounts.newBuilder()
          .putPlayCounts("Beyoncé, \"Queen\" - Live - s1", 2)
          .putPlayCounts("Björk - s2", Integer.MAX_VALUE)
          .setProcessingTime(0.125).build();

  private static final org.musicanalytics.legacy.proto.UserStatsList OLD_USERS =
      org.musicanalytics.legacy.proto.UserStatsList.newBuilder()
          .addUserStats(org.musicanalytics.legacy.proto.UserStat.newBuilder().setUserId("u1")
              .setTotalTime(490).setTopArtist("Beyoncé, \"Queen\" - Live"))
          .addUserStats(org.musicanalytics.legacy.proto.UserStat.newBuilder().setUserId("ü2")
              .setTotalTime(Integer.MAX_VALUE).setTopArtist("Björk"))
          .addTopUsers("ü2").addTopUsers("u1")
          .setProcessingTime(0.25).build();

  private static final repeated_string OLD_KEYS = repeated_string.newBuilder()
      .addValues("Björk - s2").addValues("Beyoncé, \"Queen\" - Live - s1").build();

  private static final org.musicanalytics.legacy.proto.RecommendationResponse OLD_RECS =
      org.musicanalytics.legacy.proto.RecommendationResponse.newBuilder()
          .addTrendingSongs("Björk - s2").addTrendingSongs("Beyoncé, \"Queen\" - Live - s1")
          .putRecommendations("u1", OLD_KEYS)
          .putRecommendations("ü2", repeated_string.newBuilder().addValues("x - y").build())
          .setProcessingTime(0.5).build();

  private static final org.musicanalytics.legacy.proto.GenreAnalysisResponse OLD_GENRES =
      org.musicanalytics.legacy.proto.GenreAnalysisResponse.newBuilder()
          .putGenreCounts("Pop", 2).putGenreCounts("Электроника", 1)
          .addTopGenres("Pop").addTopGenres("Электроника")
          .setProcessingTime(0.75).build();

  // ---- the same values in our messages ----

  private static org.musicanalytics.proto.StreamRecord ourRecord(
      String user, String song, String artist, int seconds, String genre) {
    return org.musicanalytics.proto.StreamRecord.newBuilder().setUserId(user)
        .setSongId(song).setArtist(artist).setDuration(seconds)
        .setTimestamp("2025-11-05T10:53:00").setGenre(genre).build();
  }

  private static final org.musicanalytics.proto.StreamList OUR_STREAMS =
      org.musicanalytics.proto.StreamList.newBuilder()
          .addRecords(ourRecord("u1", "s1", "Beyoncé, \"Queen\" - Live", 245, "Pop"))
          .addRecords(ourRecord("ü2", "s2", "Björk", Integer.MAX_VALUE, "Электроника"))
          .build();

  private static final org.musicanalytics.proto.PlayCounts OUR_COUNTS =
      org.musicanalytics.proto.PlayCounts.newBuilder()
          .putPlayCounts("Beyoncé, \"Queen\" - Live - s1", 2L)
          .putPlayCounts("Björk - s2", Integer.MAX_VALUE)
          .setProcessingTime(0.125)
          // Added by this project; an old reader keeps it as an unknown field.
          .putSongs("Björk - s2", org.musicanalytics.proto.Song.newBuilder()
              .setArtist("Björk").setSongId("s2").build())
          .build();

  private static final org.musicanalytics.proto.UserStatsList OUR_USERS =
      org.musicanalytics.proto.UserStatsList.newBuilder()
          .addUserStats(org.musicanalytics.proto.UserStat.newBuilder().setUserId("u1")
              .setTotalTime(490L).setTopArtist("Beyoncé, \"Queen\" - Live"))
          .addUserStats(org.musicanalytics.proto.UserStat.newBuilder().setUserId("ü2")
              .setTotalTime(Integer.MAX_VALUE).setTopArtist("Björk"))
          .addTopUsers("ü2").addTopUsers("u1")
          .setProcessingTime(0.25).build();

  private static final org.musicanalytics.proto.SongKeys OUR_KEYS =
      org.musicanalytics.proto.SongKeys.newBuilder()
          .addValues("Björk - s2").addValues("Beyoncé, \"Queen\" - Live - s1").build();

  private static final org.musicanalytics.proto.RecommendationResponse OUR_RECS =
      org.musicanalytics.proto.RecommendationResponse.newBuilder()
          .addTrendingSongs("Björk - s2").addTrendingSongs("Beyoncé, \"Queen\" - Live - s1")
          .putRecommendations("u1", OUR_KEYS)
          .putRecommendations("ü2",
              org.musicanalytics.proto.SongKeys.newBuilder().addValues("x - y").build())
          .setProcessingTime(0.5).build();

  private static final org.musicanalytics.proto.GenreAnalysisResponse OUR_GENRES =
      org.musicanalytics.proto.GenreAnalysisResponse.newBuilder()
          .putGenreCounts("Pop", 2L).putGenreCounts("Электроника", 1L)
          .addTopGenres("Pop").addTopGenres("Электроника")
          .setProcessingTime(0.75).build();

  /** Every message type of the old contract, with the same values on both sides. */
  static Stream<MessagePair> everyMessageType() {
    return Stream.of(
        new MessagePair(OLD_STREAMS.getRecords(0), OUR_STREAMS.getRecords(0)),
        new MessagePair(OLD_STREAMS, OUR_STREAMS),
        new MessagePair(OLD_COUNTS, OUR_COUNTS),
        new MessagePair(OLD_USERS.getUserStats(1), OUR_USERS.getUserStats(1)),
        new MessagePair(OLD_USERS, OUR_USERS),
        new MessagePair(
            org.musicanalytics.legacy.proto.RecommendationRequest.newBuilder()
                .setPlayCounts(OLD_COUNTS).setUserStats(OLD_USERS).build(),
            org.musicanalytics.proto.RecommendationRequest.newBuilder()
                .setPlayCounts(OUR_COUNTS).setUserStats(OUR_USERS).build()),
        new MessagePair(OLD_RECS, OUR_RECS),
        new MessagePair(OLD_GENRES, OUR_GENRES),
        new MessagePair(OLD_KEYS, OUR_KEYS));
  }

  /** One message type: a value in the old contract and the same value in ours. */
  record MessagePair(Message old, Message ours) {
    @Override
    public String toString() {
      return old.getDescriptorForType().getFullName();
    }
  }

  @Test
  void shouldCoverEveryMessageTypeOfTheOldContract() {
    assertThat(everyMessageType().map(p -> p.old().getDescriptorForType()))
        .containsExactlyInAnyOrderElementsOf(OLD.getMessageTypes());
    everyMessageType().forEach(p -> assertEveryFieldSet(p.old()));
  }

  @Test
  void shouldKeepEveryOldServiceAndRpc() {
    assertThat(OURS.getPackage()).isEqualTo(OLD.getPackage()).isEqualTo("music");
    for (ServiceDescriptor oldService : OLD.getServices()) {
      ServiceDescriptor ours = OURS.findServiceByName(oldService.getName());
      assertThat(ours).as(oldService.getFullName()).isNotNull();
      for (MethodDescriptor oldMethod : oldService.getMethods()) {
        MethodDescriptor method = ours.findMethodByName(oldMethod.getName());
        assertThat(method).as(oldMethod.getFullName()).isNotNull();
        assertThat(method.getInputType().getFullName())
            .isEqualTo(oursName(oldMethod.getInputType()));
        assertThat(method.getOutputType().getFullName())
            .isEqualTo(oursName(oldMethod.getOutputType()));
        assertThat(method.isClientStreaming() || method.isServerStreaming()).isFalse();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("everyMessageType")
  void shouldKeepEveryOldFieldNumberNameAndWireType(MessagePair pair) {
    assertSameSchema(pair.old().getDescriptorForType(), pair.ours().getDescriptorForType());
  }

  @ParameterizedTest
  @MethodSource("everyMessageType")
  void shouldDecodeAnOldMessageFieldForField(MessagePair pair)
      throws InvalidProtocolBufferException {
    Message decoded = pair.ours().getParserForType().parseFrom(pair.old().toByteString());

    Descriptor view = pair.old().getDescriptorForType();
    assertThat(fields(decoded, view)).isEqualTo(fields(pair.old(), view))
        .isEqualTo(fields(pair.ours(), view));
  }

  @ParameterizedTest
  @MethodSource("everyMessageType")
  void shouldBeDecodedByTheOldContractFieldForField(MessagePair pair)
      throws InvalidProtocolBufferException {
    ByteString ours = pair.ours().toByteString();
    Message decoded = pair.old().getParserForType().parseFrom(ours);

    Descriptor view = pair.old().getDescriptorForType();
    assertThat(fields(decoded, view)).isEqualTo(fields(pair.ours(), view));
    // What the old side does not know it keeps and passes on: our fields survive a trip
    // through an old client (e.g. play_counts.songs from AggregateStream to Recommend).
    assertThat(pair.ours().getParserForType().parseFrom(decoded.toByteString()))
        .isEqualTo(pair.ours());
  }

  @Test
  void shouldReadOldInt32CountsExactlyInOurInt64Fields() throws Exception {
    for (int count : new int[] {0, 1, -7, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      var old = org.musicanalytics.legacy.proto.PlayCounts.newBuilder()
          .putPlayCounts("k", count).build();
      var user = org.musicanalytics.legacy.proto.UserStat.newBuilder()
          .setTotalTime(count).build();
      var genres = org.musicanalytics.legacy.proto.GenreAnalysisResponse.newBuilder()
          .putGenreCounts("g", count).build();

      assertThat(org.musicanalytics.proto.PlayCounts.parseFrom(old.toByteString())
          .getPlayCountsOrThrow("k")).isEqualTo((long) count);
      assertThat(org.musicanalytics.proto.UserStat.parseFrom(user.toByteString())
          .getTotalTime()).isEqualTo((long) count);
      assertThat(org.musicanalytics.proto.GenreAnalysisResponse.parseFrom(genres.toByteString())
          .getGenreCountsOrThrow("g")).isEqualTo((long) count);
    }
  }

  @Test
  void shouldGiveOldClientsOurInt64CountsExactlyWithinInt32() throws Exception {
    for (long count : new long[] {0, 1, 2_000_000_000L, Integer.MAX_VALUE}) {
      var ours = org.musicanalytics.proto.UserStat.newBuilder().setTotalTime(count).build();

      assertThat(org.musicanalytics.legacy.proto.UserStat.parseFrom(ours.toByteString())
          .getTotalTime()).isEqualTo((int) count).isEqualTo(count);
    }
  }

  @Test
  void shouldCountPastTwoToTheThirtyOneWhereTheOldContractWraps() throws Exception {
    long beyond = 3_000_000_000L;
    var ours = org.musicanalytics.proto.GenreAnalysisResponse.newBuilder()
        .putGenreCounts("Pop", beyond).build();

    // Ours round-trips the count; an old int32 reader sees the low 32 bits, as protobuf
    // specifies for int64 read as int32: the overflow the widening removes.
    assertThat(org.musicanalytics.proto.GenreAnalysisResponse.parseFrom(ours.toByteString())
        .getGenreCountsOrThrow("Pop")).isEqualTo(beyond);
    assertThat(org.musicanalytics.legacy.proto.GenreAnalysisResponse
        .parseFrom(ours.toByteString()).getGenreCountsOrThrow("Pop"))
        .isEqualTo((int) beyond).isEqualTo(-1_294_967_296);
  }

  // ---- an old client against the running host ----

  private static AnalyticsHost host;

  @BeforeAll
  static void startHost() throws IOException {
    host = AnalyticsHost.start(HostConfig.ephemeral());
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  @Test
  void shouldServeAnOldClientEveryRpcOnEveryAddress() throws InterruptedException {
    var plays = org.musicanalytics.legacy.proto.StreamList.newBuilder()
        .addRecords(oldRecord("u1", "s1", "Drake", 200, "Hip-Hop"))
        .addRecords(oldRecord("u1", "s2", "Drake Bell", 100, "Pop"))
        .addRecords(oldRecord("u2", "s2", "Drake Bell", 300, "Pop"))
        .addRecords(oldRecord("u2", "s3", "Adele", 60, "Pop"))
        .build();

    for (InetSocketAddress address : host.addresses()) {
      ManagedChannel channel = channel(address);
      try {
        var counts = org.musicanalytics.legacy.proto.MapReduceServiceGrpc
            .newBlockingStub(channel).aggregateStream(plays);
        assertThat(counts.getPlayCountsMap()).isEqualTo(Map.of(
            "Drake - s1", 1, "Drake Bell - s2", 2, "Adele - s3", 1));

        var users = org.musicanalytics.legacy.proto.UserBehaviorServiceGrpc
            .newBlockingStub(channel).analyzeUsers(plays);
        assertThat(users.getUserStatsList()).extracting(
            u -> u.getUserId() + "/" + u.getTotalTime() + "/" + u.getTopArtist())
            // One play each of two artists: the tie goes to the name first in order.
            .containsExactly("u1/300/Drake", "u2/360/Adele");
        assertThat(users.getTopUsersList()).containsExactly("u2", "u1");

        var genres = org.musicanalytics.legacy.proto.GenreAnalysisServiceGrpc
            .newBlockingStub(channel).analyzeGenres(plays);
        assertThat(genres.getGenreCountsMap()).isEqualTo(Map.of("Pop", 3, "Hip-Hop", 1));
        assertThat(genres.getTopGenresList()).containsExactly("Pop", "Hip-Hop");

        // The old client builds the request from the two responses it decoded.
        var recommendations = org.musicanalytics.legacy.proto.RecommendationServiceGrpc
            .newBlockingStub(channel).recommend(
                org.musicanalytics.legacy.proto.RecommendationRequest.newBuilder()
                    .setPlayCounts(counts).setUserStats(users).build());
        assertThat(recommendations.getTrendingSongsList())
            .containsExactly("Drake Bell - s2", "Adele - s3", "Drake - s1");
        // Exactly the top artist is left out: "Drake" does not hide "Drake Bell".
        assertThat(recommendations.getRecommendationsMap().get("u1").getValuesList())
            .containsExactly("Drake Bell - s2", "Adele - s3");
        assertThat(recommendations.getRecommendationsMap().get("u2").getValuesList())
            .containsExactly("Drake Bell - s2", "Drake - s1");
      } finally {
        shutdown(channel);
      }
    }
  }

  // ---- helpers ----

  private static String oursName(Descriptor old) {
    return RENAMED.getOrDefault(old.getFullName(), old.getFullName());
  }

  /** Same numbers, names, labels and wire types; int32 may have widened to int64. */
  private static void assertSameSchema(Descriptor old, Descriptor ours) {
    assertThat(ours.getFullName()).isEqualTo(oursName(old));
    for (FieldDescriptor oldField : old.getFields()) {
      FieldDescriptor field = ours.findFieldByNumber(oldField.getNumber());
      String what = oldField.getFullName();
      assertThat(field).as(what).isNotNull();
      assertThat(field.getName()).as(what).isEqualTo(oldField.getName());
      assertThat(field.isRepeated()).as(what).isEqualTo(oldField.isRepeated());
      assertThat(field.isMapField()).as(what).isEqualTo(oldField.isMapField());
      if (oldField.getType() == Type.INT32) {
        assertThat(field.getType()).as(what).isIn(Type.INT32, Type.INT64);
      } else {
        assertThat(field.getType()).as(what).isEqualTo(oldField.getType());
      }
      if (oldField.getType() == Type.MESSAGE) {
        if (oldField.isMapField()) {
          assertSameMapEntry(oldField.getMessageType(), field.getMessageType());
        } else {
          assertSameSchema(oldField.getMessageType(), field.getMessageType());
        }
      }
    }
  }

  /** A map's entry type: its name is generated from the field's, compare the fields. */
  private static void assertSameMapEntry(Descriptor oldEntry, Descriptor entry) {
    assertThat(entry.getFields()).hasSameSizeAs(oldEntry.getFields());
    for (FieldDescriptor oldField : oldEntry.getFields()) {
      FieldDescriptor field = entry.findFieldByNumber(oldField.getNumber());
      if (oldField.getType() == Type.INT32) {
        assertThat(field.getType()).isIn(Type.INT32, Type.INT64);
      } else if (oldField.getType() == Type.MESSAGE) {
        assertSameSchema(oldField.getMessageType(), field.getMessageType());
      } else {
        assertThat(field.getType()).isEqualTo(oldField.getType());
      }
    }
  }

  /**
   * The values of {@code message} seen through the old contract's fields, by number:
   * integers as {@code long}, maps as maps, messages recursively. Two messages of either
   * contract with equal views carry the same data for an old client.
   */
  private static Map<Integer, Object> fields(Message message, Descriptor view) {
    Map<Integer, Object> values = new LinkedHashMap<>();
    for (FieldDescriptor viewField : view.getFields()) {
      FieldDescriptor field =
          message.getDescriptorForType().findFieldByNumber(viewField.getNumber());
      Object value = message.getField(field);
      if (viewField.isMapField()) {
        FieldDescriptor key = viewField.getMessageType().findFieldByNumber(1);
        FieldDescriptor val = viewField.getMessageType().findFieldByNumber(2);
        Map<Object, Object> map = new HashMap<>();
        for (Object entry : (List<?>) value) {
          Message e = (Message) entry;
          map.put(value(e.getField(e.getDescriptorForType().findFieldByNumber(1)), key),
              value(e.getField(e.getDescriptorForType().findFieldByNumber(2)), val));
        }
        values.put(viewField.getNumber(), map);
      } else if (viewField.isRepeated()) {
        List<Object> list = new ArrayList<>();
        for (Object element : (List<?>) value) {
          list.add(value(element, viewField));
        }
        values.put(viewField.getNumber(), list);
      } else {
        values.put(viewField.getNumber(), value(value, viewField));
      }
    }
    return values;
  }

  private static Object value(Object value, FieldDescriptor viewField) {
    if (value instanceof Message nested) {
      return fields(nested, viewField.getMessageType());
    }
    if (value instanceof Integer number) {
      return number.longValue();
    }
    return value;
  }

  /** Fails unless every field, at every depth, holds a non-default value. */
  private static void assertEveryFieldSet(Message message) {
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      String what = field.getFullName();
      if (field.isRepeated()) {
        assertThat(message.getRepeatedFieldCount(field)).as(what).isPositive();
        for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
          if (message.getRepeatedField(field, i) instanceof Message nested) {
            assertEveryFieldSet(nested);
          }
        }
      } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        assertThat(message.hasField(field)).as(what).isTrue();
        assertEveryFieldSet((Message) message.getField(field));
      } else {
        assertThat(message.getField(field)).as(what).isNotEqualTo(field.getDefaultValue());
      }
    }
  }
}
