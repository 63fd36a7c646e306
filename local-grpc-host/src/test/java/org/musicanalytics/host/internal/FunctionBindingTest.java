package org.musicanalytics.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.functions.StageRpc;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.MusicAnalyticsProto;
import org.musicanalytics.proto.RecommendationServiceGrpc;
import org.musicanalytics.proto.ShardAnalysisServiceGrpc;

class FunctionBindingTest {

  @Test
  void shouldNameTheFunctionTheCatalogueNamesForTheRpc() {
    assertThat(FunctionBinding.functionName(MapReduceServiceGrpc.getAggregateStreamMethod()))
        .isEqualTo("aggregateStream");
    assertThat(FunctionBinding.functionName(RecommendationServiceGrpc.getRecommendMethod()))
        .isEqualTo("recommend");
    assertThat(FunctionBinding.functionName(ShardAnalysisServiceGrpc.getAnalyzeShardMethod()))
        .isEqualTo(StageRpc.ANALYZE_SHARD.functionName());
  }

  @Test
  void shouldTabulateEveryContractRpcWithItsFunctionInServiceOrder() {
    assertThat(FunctionBinding.functionsByRpc(ContractServices.all())).containsExactly(
        entry("music.MapReduceService/AggregateStream", "aggregateStream"),
        entry("music.UserBehaviorService/AnalyzeUsers", "analyzeUsers"),
        entry("music.GenreAnalysisService/AnalyzeGenres", "analyzeGenres"),
        entry("music.RecommendationService/Recommend", "recommend"),
        entry("music.ShardAnalysisService/AnalyzeShard", "analyzeShard"),
        entry("music.LearnedRecommendationService/CountCoListening", "countCoListening"),
        entry("music.LearnedRecommendationService/RecommendFromListening",
            "recommendFromListening"));
  }

  @Test
  void shouldRefuseToBindAMethodTheCatalogueDoesNotName() {
    // The contract's own method under a name the catalogue has no entry for.
    MethodDescriptor<?, ?> unnamed = MapReduceServiceGrpc.getAggregateStreamMethod().toBuilder()
        .setFullMethodName("music.MapReduceService/AggregateStreamFaster").build();
    ServiceDescriptor service = ServiceDescriptor.newBuilder("music.MapReduceService")
        .addMethod(unnamed).build();

    assertThatThrownBy(() -> FunctionBinding.bind(List.of(service), AnalyticsFunctions.load()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("No entry for music.MapReduceService/AggregateStreamFaster in the stage"
            + " catalogue (org.musicanalytics.functions.StageRpc), so no function to serve it");
  }

  @Test
  void shouldRefuseToBindACatalogueEntryWhoseFunctionIsMissing() {
    Map<String, AnalyticsFunction<?, ?>> functions = new TreeMap<>(AnalyticsFunctions.load());
    functions.remove(StageRpc.ANALYZE_SHARD.functionName());

    assertThatThrownBy(() -> FunctionBinding.bind(ContractServices.all(), functions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("No analytics function named 'analyzeShard' to serve"
            + " music.ShardAnalysisService/AnalyzeShard; functions found: [aggregateStream,")
        .hasMessageEndingWith("Is the module that provides it on the class path?");
  }

  @Test
  void shouldBindEveryMethodOfEveryContractService() {
    Map<String, AnalyticsFunction<?, ?>> functions = AnalyticsFunctions.load();

    List<ServerServiceDefinition> definitions =
        FunctionBinding.bind(ContractServices.all(), functions);

    assertThat(definitions).extracting(d -> d.getServiceDescriptor().getName())
        .containsExactly("music.MapReduceService", "music.UserBehaviorService",
            "music.GenreAnalysisService", "music.RecommendationService",
            "music.ShardAnalysisService", "music.LearnedRecommendationService");
    assertThat(definitions.stream().flatMap(d -> d.getMethods().stream())
        .map(m -> m.getMethodDescriptor().getFullMethodName()))
        .containsExactlyInAnyOrder("music.MapReduceService/AggregateStream",
            "music.UserBehaviorService/AnalyzeUsers", "music.GenreAnalysisService/AnalyzeGenres",
            "music.RecommendationService/Recommend", "music.ShardAnalysisService/AnalyzeShard",
            "music.LearnedRecommendationService/CountCoListening",
            "music.LearnedRecommendationService/RecommendFromListening");
  }

  @Test
  void shouldServeEveryServiceOfTheContractFile() {
    // A service added to the .proto but not to ContractServices would go unserved.
    assertThat(ContractServices.all()).extracting(ServiceDescriptor::getName)
        .containsExactlyInAnyOrderElementsOf(MusicAnalyticsProto.getDescriptor().getServices()
            .stream().map(s -> s.getFullName()).toList());
    for (ServiceDescriptor service : ContractServices.all()) {
      assertThat(service.getMethods()).allSatisfy(method ->
          assertThat(method.getType()).isEqualTo(MethodDescriptor.MethodType.UNARY));
    }
  }
}
