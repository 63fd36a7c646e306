package org.musicanalytics.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.MusicAnalyticsProto;

class StageRpcTest {

  /** Every rpc of the generated contract, as gRPC names it: {@code music.Service/Method}. */
  private static List<String> contractRpcs() {
    return MusicAnalyticsProto.getDescriptor().getServices().stream()
        .flatMap(StageRpcTest::fullMethodNames)
        .toList();
  }

  private static Stream<String> fullMethodNames(ServiceDescriptor service) {
    return service.getMethods().stream().map(MethodDescriptor::getName)
        .map(method -> service.getFullName() + "/" + method);
  }

  @Test
  void shouldHaveExactlyOneEntryForEveryRpcOfTheContractAndNoOther() {
    assertThat(contractRpcs()).isNotEmpty().doesNotHaveDuplicates();

    assertThat(Arrays.stream(StageRpc.values()).map(StageRpc::fullMethodName))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(contractRpcs());
  }

  @Test
  void shouldFindAnEntryByItsFullMethodNameOnly() {
    for (String rpc : contractRpcs()) {
      assertThat(StageRpc.forMethod(rpc)).as(rpc).hasValueSatisfying(entry ->
          assertThat(entry.fullMethodName()).isEqualTo(rpc));
    }
    assertThat(StageRpc.forMethod("music.MapReduceService/Unknown")).isEmpty();
    assertThat(StageRpc.forMethod("AggregateStream")).isEmpty();
  }

  @Test
  void shouldNameADistinctFunctionForEveryRpc() {
    assertThat(Arrays.stream(StageRpc.values()).map(StageRpc::functionName))
        .doesNotHaveDuplicates()
        .allSatisfy(name -> assertThat(name).matches("[a-z][A-Za-z]*"));
  }

  @Test
  void shouldServeThreeStagesWithTheFusedCall() {
    assertThat(StageRpc.forMethod("music.ShardAnalysisService/AnalyzeShard")).hasValue(
        StageRpc.ANALYZE_SHARD);
    assertThat(StageRpc.ANALYZE_SHARD.functionName()).isEqualTo("analyzeShard");
    assertThat(StageRpc.ANALYZE_SHARD.stages())
        .containsExactly(Stage.MAP_REDUCE, Stage.USER_BEHAVIOR, Stage.GENRE_ANALYSIS);
    assertThat(Stage.values()).allSatisfy(stage ->
        assertThat(stage.rpc()).isNotEqualTo(StageRpc.ANALYZE_SHARD));
  }

  @Test
  void shouldServeAtLeastOneStageWithEveryRpc() {
    assertThat(StageRpc.values()).allSatisfy(rpc ->
        assertThat(rpc.stages()).as(rpc.name()).isNotEmpty().doesNotHaveDuplicates()
            .isSorted());
  }
}
