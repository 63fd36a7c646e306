package org.musicanalytics.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.StreamList;

class AnalyticsFunctionsTest {

  @Test
  void shouldFindNoFunctionsWithoutProviders() {
    // functions/api itself provides no stage; the modules do.
    assertThat(AnalyticsFunctions.load()).isEmpty();
  }

  @Test
  void shouldRejectARequestOfTheWrongType() {
    AnalyticsFunction<StreamList, PlayCounts> function = new AnalyticsFunction<>(
        "count", StreamList.class, PlayCounts.class,
        request -> PlayCounts.newBuilder().putPlayCounts("n", request.getRecordsCount()).build());

    assertThat(function.applyUnchecked(StreamList.getDefaultInstance()).getPlayCountsMap())
        .containsEntry("n", 0L);
    assertThatThrownBy(() -> function.applyUnchecked(PlayCounts.getDefaultInstance()))
        .isInstanceOf(ClassCastException.class);
  }
}
