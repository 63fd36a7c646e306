package org.musicanalytics.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musicanalytics.host.HostTesting.channel;
import static org.musicanalytics.host.HostTesting.play;
import static org.musicanalytics.host.HostTesting.shutdown;
import static org.musicanalytics.host.HostTesting.smallRequest;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.recommendation.learned.SongSimilarity;
import org.musicanalytics.proto.CoListeningCounts;
import org.musicanalytics.proto.CoListeningRequest;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.GenreAnalysisServiceGrpc;
import org.musicanalytics.proto.LearnedRecommendationServiceGrpc;
import org.musicanalytics.proto.LearnedRecommendations;
import org.musicanalytics.proto.ListeningPartition;
import org.musicanalytics.proto.ListeningScoreRequest;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.RecommendationServiceGrpc;
import org.musicanalytics.proto.ScoredSong;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.UserBehaviorServiceGrpc;
import org.musicanalytics.proto.UserRecommendations;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/** The host as a real Netty server on free loopback ports, with the real functions. */
class AnalyticsHostTest {

  /** Above gRPC's default 4 MiB, so the tests show the limit is raised. */
  private static final int LIMIT = 6 * 1024 * 1024;

  private static final List<String> CONTRACT_SERVICES = List.of(
      "music.MapReduceService", "music.UserBehaviorService",
      "music.GenreAnalysisService", "music.RecommendationService",
      "music.ShardAnalysisService", "music.LearnedRecommendationService");

  private static AnalyticsHost host;
  private static final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  static void startHost() throws IOException {
    host = AnalyticsHost.start(HostConfig.ephemeral().withMaxInboundMessageBytes(LIMIT));
    for (InetSocketAddress address : host.addresses()) {
      channels.add(channel(address));
    }
  }

  @AfterAll
  static void stopHost() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      shutdown(channel);
    }
    host.close();
  }

  @Test
  void shouldListenOnFourDistinctLoopbackPorts() {
    List<InetSocketAddress> addresses = host.addresses();

    assertThat(addresses).hasSize(4);
    assertThat(addresses).allSatisfy(address -> {
      assertThat(address.getAddress().isLoopbackAddress()).isTrue();
      assertThat(address.getPort()).isPositive().isNotIn(HostConfig.STANDARD_PORTS);
    });
    assertThat(new HashSet<>(addresses.stream().map(InetSocketAddress::getPort).toList()))
        .hasSize(4);
  }

  @Test
  void shouldServeEveryServiceOnEveryAddress() {
    for (ManagedChannel channel : channels) {
      PlayCounts counts = MapReduceServiceGrpc.newBlockingStub(channel)
          .aggregateStream(smallRequest());
      assertThat(counts.getPlayCountsMap())
          .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
              "Artist A - s1", 3L, "Artist B - s2", 1L));
      assertThat(counts.getSongsMap().get("Artist B - s2").getArtist()).isEqualTo("Artist B");

      UserStatsList users = UserBehaviorServiceGrpc.newBlockingStub(channel)
          .analyzeUsers(smallRequest());
      assertThat(users.getUserStatsList())
          .map(user -> user.toBuilder().clearArtistPlays().build())
          .containsExactly(
          UserStat.newBuilder().setUserId("u1").setTotalTime(300).setTopArtist("Artist A")
              .build(),
          UserStat.newBuilder().setUserId("u2").setTotalTime(350).setTopArtist("Artist A")
              .build());
      assertThat(users.getTopUsersList()).containsExactly("u2", "u1");

      GenreAnalysisResponse genres = GenreAnalysisServiceGrpc.newBlockingStub(channel)
          .analyzeGenres(smallRequest());
      assertThat(genres.getGenreCountsMap())
          .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("Pop", 3L, "Rock", 1L));
      assertThat(genres.getTopGenresList()).containsExactly("Pop", "Rock");

      RecommendationResponse recommendations = RecommendationServiceGrpc
          .newBlockingStub(channel).recommend(RecommendationRequest.newBuilder()
              .setPlayCounts(counts).setUserStats(users).build());
      assertThat(recommendations.getTrendingSongsList())
          .containsExactly("Artist A - s1", "Artist B - s2");
      // Both users' top artist is Artist A, so only Artist B's song is left for them.
      assertThat(recommendations.getRecommendationsMap()).hasSize(2);
      assertThat(recommendations.getRecommendationsMap().get("u1").getValuesList())
          .containsExactly("Artist B - s2");
      assertThat(recommendations.getRecommendationsMap().get("u2").getValuesList())
          .containsExactly("Artist B - s2");
    }
  }

  @Test
  void shouldServeTheLearnedRecommendersRoundsOnEveryAddress() {
    // u1 and u2 both play s1 and s2; u3 plays s1 only, so s2 is its one recommendation.
    ListeningPartition listening = ListeningPartition.newBuilder().setPartitions(1)
        .addAllUserIds(List.of("u1", "u2", "u3")).addAllSongKeys(List.of("A - s1", "A - s2"))
        .addAllListenUserIndex(List.of(0, 0, 1, 1, 2))
        .addAllListenSongIndex(List.of(0, 1, 0, 1, 0))
        .addAllListenPlays(List.of(1L, 1L, 1L, 1L, 1L)).build();
    for (ManagedChannel channel : channels) {
      LearnedRecommendationServiceGrpc.LearnedRecommendationServiceBlockingStub learned =
          LearnedRecommendationServiceGrpc.newBlockingStub(channel);

      CoListeningCounts counts = learned.countCoListening(
          CoListeningRequest.newBuilder().setListening(listening).build());
      assertThat(counts.getSongKeysList()).containsExactly("A - s1", "A - s2");
      assertThat(counts.getPairSumsCount()).isEqualTo(1);

      LearnedRecommendations answer = learned.recommendFromListening(
          ListeningScoreRequest.newBuilder().setListening(listening).setMinHistory(1)
              .setNeighbours(new SongSimilarity().add(counts).neighbours()).build());
      assertThat(answer.getUsersList()).extracting(UserRecommendations::getUserId)
          .containsExactly("u1", "u2", "u3");
      assertThat(answer.getUsers(2).getSongsList()).extracting(ScoredSong::getKey)
          .containsExactly("A - s2");
      assertThat(answer.getUsers(2).getSongs(0).getBecause()).isEqualTo("A - s1");
    }
  }

  @Test
  void shouldReportServingForEveryServiceAndTheWholeServer() {
    for (ManagedChannel channel : channels) {
      HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
      List<String> names = new ArrayList<>(CONTRACT_SERVICES);
      names.add("");
      for (String name : names) {
        assertThat(health.check(HealthCheckRequest.newBuilder().setService(name).build())
            .getStatus()).as("health of '%s'", name).isEqualTo(ServingStatus.SERVING);
      }
      assertThatThrownBy(() -> health.check(
          HealthCheckRequest.newBuilder().setService("music.NoSuchService").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
  }

  @Test
  void shouldListEveryServiceThroughReflection() throws Exception {
    ServerReflectionResponse listed = reflect(channels.get(0),
        ServerReflectionRequest.newBuilder().setListServices("").build());

    assertThat(listed.getListServicesResponse().getServiceList())
        .extracting(ServiceResponse::getName)
        .containsAll(CONTRACT_SERVICES)
        .contains("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection");

    // What `grpcurl describe` needs: the file that defines a service.
    ServerReflectionResponse file = reflect(channels.get(3),
        ServerReflectionRequest.newBuilder().setFileContainingSymbol("music.MapReduceService")
            .build());
    FileDescriptorProto proto = FileDescriptorProto.parseFrom(
        file.getFileDescriptorResponse().getFileDescriptorProto(0));
    assertThat(proto.getPackage()).isEqualTo("music");
    assertThat(proto.getServiceList()).extracting(s -> s.getName())
        .contains("MapReduceService", "RecommendationService");
  }

  @Test
  @SuppressWarnings("deprecation")
  void shouldAlsoAnswerTheOlderReflectionProtocol() throws Exception {
    CompletableFuture<io.grpc.reflection.v1alpha.ServerReflectionResponse> response =
        new CompletableFuture<>();
    StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests =
        io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channels.get(1))
            .serverReflectionInfo(completing(response));
    requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
        .setListServices("").build());
    requests.onCompleted();

    assertThat(response.get(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList())
        .extracting(io.grpc.reflection.v1alpha.ServiceResponse::getName)
        .containsAll(CONTRACT_SERVICES);
  }

  @Test
  void shouldRejectAnInvalidRequestNamingTheFieldAndRecord() {
    StreamList request = StreamList.newBuilder()
        .addRecords(play("u1", "s1", "Artist A", 10, "Pop"))
        .addRecords(play("", "s2", "Artist B", 10, "Pop"))
        .build();

    for (ManagedChannel channel : channels) {
      assertThatThrownBy(() -> UserBehaviorServiceGrpc.newBlockingStub(channel)
          .analyzeUsers(request))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription())
                .isEqualTo("records[1].user_id must not be empty");
          });
    }
  }

  @Test
  void shouldRejectBytesThatAreNoRequestWithInvalidArgumentNamingTheMessage() {
    byte[] truncated = Arrays.copyOf(RecommendationRequest.newBuilder()
        .setPlayCounts(PlayCounts.newBuilder().putPlayCounts("Artist A - s1", 3)).build()
        .toByteArray(), 10);
    MethodDescriptor<byte[], RecommendationResponse> raw = RecommendationServiceGrpc
        .getRecommendMethod().toBuilder(WireBytes.INSTANCE,
            RecommendationServiceGrpc.getRecommendMethod().getResponseMarshaller()).build();

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channels.get(0), raw,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), truncated))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription())
              .startsWith("the request is not a valid music.RecommendationRequest: ");
        });
  }

  @Test
  void shouldLogOneLinePerCallWithMethodRecordsTimeAndStatus() throws InterruptedException {
    StreamList bad = StreamList.newBuilder()
        .addRecords(play("u1", "s1", "Artist A", -1, "Pop")).build();
    try (HostTesting.LogCapture log = new HostTesting.LogCapture()) {
      GenreAnalysisServiceGrpc.newBlockingStub(channels.get(2)).analyzeGenres(smallRequest());
      assertThatThrownBy(() ->
          MapReduceServiceGrpc.newBlockingStub(channels.get(2)).aggregateStream(bad))
          .isInstanceOf(StatusRuntimeException.class);

      assertThat(log.awaitCallLines(2))
          .satisfiesExactly(
              ok -> assertThat(ok).matches("music\\.GenreAnalysisService/AnalyzeGenres"
                  + " records=4 bytes=" + smallRequest().getSerializedSize()
                  + " time=\\d+\\.\\dms status=OK"),
              invalid -> assertThat(invalid).matches("music\\.MapReduceService/AggregateStream"
                  + " records=1 bytes=\\d+ time=\\d+\\.\\dms status=INVALID_ARGUMENT"
                  + " \\(records\\[0\\]\\.duration must not be negative, was -1\\)"));
    }
  }

  @Test
  void shouldAcceptARequestAboveTheDefaultLimitAndBelowTheConfiguredOne() {
    StreamList request = requestOfSize(5 * 1024 * 1024);
    assertThat(request.getSerializedSize()).isBetween(4 * 1024 * 1024 + 1, LIMIT - 1);

    PlayCounts counts = MapReduceServiceGrpc.newBlockingStub(channels.get(0))
        .aggregateStream(request);

    assertThat(counts.getPlayCountsMap()).containsOnlyKeys("Artist - s1");
    assertThat(counts.getPlayCountsMap().get("Artist - s1"))
        .isEqualTo(request.getRecordsCount());
  }

  @Test
  void shouldRejectARequestAboveTheConfiguredLimitWithResourceExhausted()
      throws InterruptedException {
    StreamList request = requestOfSize(LIMIT + 1024);
    try (HostTesting.LogCapture log = new HostTesting.LogCapture()) {
      assertThatThrownBy(() -> MapReduceServiceGrpc.newBlockingStub(channels.get(1))
          .aggregateStream(request))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription())
                .contains("exceeds maximum size " + LIMIT);
            // No pushback: a retry cannot help, unlike a refusal for load.
            assertThat(e.getTrailers().keys()).doesNotContain("grpc-retry-pushback-ms");
          });
      assertThat(log.awaitCallLines(1)).singleElement().asString().matches(
          "music\\.MapReduceService/AggregateStream records=- bytes=- time=\\S+"
              + " status=RESOURCE_EXHAUSTED \\(.*exceeds maximum size " + LIMIT + ".*\\)");
    }
    // The connection stays usable.
    assertThat(MapReduceServiceGrpc.newBlockingStub(channels.get(1))
        .aggregateStream(smallRequest()).getPlayCountsCount()).isEqualTo(2);
  }

  @Test
  void shouldKeepTheConfiguredOrderOfAddresses() throws IOException {
    int fixed = freePort();
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    HostConfig config = HostConfig.ephemeral().withListenAddresses(
        List.of(any, new InetSocketAddress("127.0.0.1", fixed), any, any));

    try (AnalyticsHost ordered = AnalyticsHost.start(config)) {
      assertThat(ordered.addresses()).hasSize(4);
      assertThat(ordered.addresses().get(1).getPort()).isEqualTo(fixed);
      assertThat(ordered.addresses().get(0).getPort()).isNotEqualTo(fixed).isPositive();
    }
  }

  @Test
  void shouldFailToStartNamingTheAddressWhenAPortIsInUseAndReleaseTheOthers()
      throws IOException {
    int free = freePort();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      HostConfig config = HostConfig.ephemeral().withListenAddresses(List.of(
          new InetSocketAddress("127.0.0.1", free),
          new InetSocketAddress("127.0.0.1", taken.getLocalPort())));

      assertThatThrownBy(() -> AnalyticsHost.start(config))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
    // The address that did bind was let go again.
    try (ServerSocket again = new ServerSocket(free, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(again.getLocalPort()).isEqualTo(free);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return probe.getLocalPort();
    }
  }

  /** Plays of one song by an artist with a long name, to about {@code bytes} in all. */
  private static StreamList requestOfSize(int bytes) {
    StreamList.Builder request = StreamList.newBuilder();
    String user = "u".repeat(1000);
    int recordSize = play(user, "s1", "Artist", 180, "Pop").getSerializedSize() + 3;
    for (int i = 0; i < bytes / recordSize; i++) {
      request.addRecords(play(user, "s1", "Artist", 180, "Pop"));
    }
    return request.build();
  }

  private static ServerReflectionResponse reflect(ManagedChannel channel,
      ServerReflectionRequest request) throws Exception {
    CompletableFuture<ServerReflectionResponse> response = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel).serverReflectionInfo(completing(response));
    requests.onNext(request);
    requests.onCompleted();
    return response.get(5, TimeUnit.SECONDS);
  }

  private static <T> StreamObserver<T> completing(CompletableFuture<T> first) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        first.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        first.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        first.completeExceptionally(new IllegalStateException("no response"));
      }
    };
  }
}
