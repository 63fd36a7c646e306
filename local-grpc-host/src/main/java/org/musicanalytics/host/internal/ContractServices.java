package org.musicanalytics.host.internal;

import io.grpc.ServiceDescriptor;
import java.util.List;
import org.musicanalytics.proto.GenreAnalysisServiceGrpc;
import org.musicanalytics.proto.LearnedRecommendationServiceGrpc;
import org.musicanalytics.proto.MapReduceServiceGrpc;
import org.musicanalytics.proto.RecommendationServiceGrpc;
import org.musicanalytics.proto.ShardAnalysisServiceGrpc;
import org.musicanalytics.proto.UserBehaviorServiceGrpc;

/** The services of the {@code music} contract that the host serves. */
public final class ContractServices {

  private ContractServices() {}

  /**
   * Every service of {@code music_analytics.proto}: the old contract's, in its port order,
   * then the added {@code ShardAnalysisService} and {@code LearnedRecommendationService}.
   */
  public static List<ServiceDescriptor> all() {
    return List.of(
        MapReduceServiceGrpc.getServiceDescriptor(),
        UserBehaviorServiceGrpc.getServiceDescriptor(),
        GenreAnalysisServiceGrpc.getServiceDescriptor(),
        RecommendationServiceGrpc.getServiceDescriptor(),
        ShardAnalysisServiceGrpc.getServiceDescriptor(),
        LearnedRecommendationServiceGrpc.getServiceDescriptor());
  }
}
