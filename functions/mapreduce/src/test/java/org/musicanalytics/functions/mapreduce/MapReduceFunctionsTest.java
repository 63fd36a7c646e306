package org.musicanalytics.functions.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.musicanalytics.functions.AnalyticsFunctions;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;

class MapReduceFunctionsTest {

  @Test
  void shouldBeDiscoveredUnderTheBeanNames() {
    var functions = AnalyticsFunctions.load();

    assertThat(functions).containsOnlyKeys("aggregateStream", "analyzeGenres", "analyzeShard");
    assertThat(functions.get("aggregateStream").requestType()).isEqualTo(StreamList.class);
    assertThat(functions.get("aggregateStream").responseType()).isEqualTo(PlayCounts.class);
    assertThat(functions.get("analyzeGenres").responseType())
        .isEqualTo(GenreAnalysisResponse.class);
  }
}
