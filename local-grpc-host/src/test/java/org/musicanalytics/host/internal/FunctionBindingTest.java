package org.musicanalytics.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.MusicAnalyticsProto;
import org.musicanalytics.proto.RecommendationServiceGrpc;

class FunctionBindingTest {

  @Test
  void shouldNameTheFunctionAfterTheRpcInLowerCamelCase() {
    assertThat(FunctionBinding.functionName(MapReduceServiceGrpc.getAggregateStreamMethod()))
        .isEqualTo("aggregateStream");
    assertThat(FunctionBinding.functionName(RecommendationServiceGrpc.getRecommendMethod()))
        .isEqualTo("recommend");
  }

  @Test
  void shouldBindEveryMethodOfEveryContractService() {
    Map<String, AnalyticsFunction<?, ?>> functions = AnalyticsFunctions.load();

    List<ServerServiceDefinition> definitions =
        FunctionBinding.bind(ContractServices.all(), functions);

    assertThat(definitions).extracting(d -> d.getServiceDescriptor().getName())
        .containsExactly("music.MapReduceService", "music.UserBehaviorService",
            "music.GenreAnalysisService", "music.RecommendationService",
            "music.ShardAnalysisService");
    assertThat(definitions.stream().flatMap(d -> d.getMethods().stream())
        .map(m -> m.getMethodDescriptor().getFullMethodName()))
        .containsExactlyInAnyOrder("music.MapReduceService/AggregateStream",
            "music.UserBehaviorService/AnalyzeUsers", "music.GenreAnalysisService/AnalyzeGenres",
            "music.RecommendationService/Recommend", "music.ShardAnalysisService/AnalyzeShard");
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
