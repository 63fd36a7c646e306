package org.musicanalytics.functions.mapreduce;

import java.util.List;
import org.musicanalytics.functions.AnalyticsFunction;
import org.musicanalytics.functions.AnalyticsFunctionProvider;
import org.musicanalytics.functions.StageRpc;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;

/**
 * The map-reduce module's stages: song play counts, genre counts, and the map stage that
 * gives both and the user summaries from one pass over a shard.
 */
public final class MapReduceFunctions implements AnalyticsFunctionProvider {

  @Override
  public List<AnalyticsFunction<?, ?>> functions() {
    AggregateStream aggregateStream = new AggregateStream();
    AnalyzeGenres analyzeGenres = new AnalyzeGenres();
    AnalyzeShard analyzeShard = new AnalyzeShard();
    return List.of(
        new AnalyticsFunction<>(StageRpc.AGGREGATE_STREAM.functionName(), StreamList.class,
            PlayCounts.class, aggregateStream,
            request -> aggregateStream.applyWire(request).toByteArray()),
        new AnalyticsFunction<>(StageRpc.ANALYZE_GENRES.functionName(), StreamList.class,
            GenreAnalysisResponse.class, analyzeGenres,
            request -> analyzeGenres.applyWire(request).toByteArray()),
        new AnalyticsFunction<>(StageRpc.ANALYZE_SHARD.functionName(), StreamList.class,
            ShardCounts.class, analyzeShard, analyzeShard::applyWire));
  }
}
