package org.musicanalytics.client.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AliasTableTest {

  @Test
  void shouldDrawEachIndexInProportionToItsWeight() {
    double[] weights = {5, 0, 1, 3, 1};
    AliasTable table = new AliasTable(weights);
    SplitMix64 random = new SplitMix64(11);
    int draws = 1_000_000;
    int[] counts = new int[weights.length];
    for (int i = 0; i < draws; i++) {
      counts[table.sample(random.nextLong())]++;
    }
    assertThat(counts[1]).isZero();
    for (int i = 0; i < weights.length; i++) {
      assertThat((double) counts[i] / draws).as("index %d", i)
          .isCloseTo(weights[i] / 10, within(0.002));
    }
  }

  @Test
  void shouldDrawTheOnlyIndexOfASingleWeight() {
    AliasTable table = new AliasTable(new double[] {0.3});
    SplitMix64 random = new SplitMix64(1);
    for (int i = 0; i < 1000; i++) {
      assertThat(table.sample(random.nextLong())).isZero();
    }
  }

  @Test
  void shouldRefuseWeightsThatCannotBeDrawn() {
    assertThatThrownBy(() -> new AliasTable(new double[0])).hasMessage("no weights");
    assertThatThrownBy(() -> new AliasTable(new double[] {0, 0}))
        .hasMessage("the weights sum to 0");
    assertThatThrownBy(() -> new AliasTable(new double[] {1, -1}))
        .hasMessageContaining("weight -1.0");
    assertThatThrownBy(() -> new AliasTable(new double[] {1, Double.NaN}))
        .hasMessageContaining("weight NaN");
  }
}
