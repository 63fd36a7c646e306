package org.musicanalytics.functions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorTextTest {

  @Test
  void shouldKeepShortPrintableTextAsItIs() {
    assertThat(ErrorText.shown("Beyoncé - Halo", 40)).isEqualTo("Beyoncé - Halo");
  }

  @Test
  void shouldShowControlCharactersAsEscapesOnOneLine() {
    assertThat(ErrorText.shown("song\nid\r\t\u0000x", 40)).isEqualTo("song\\nid\\r\\t\\u0000x");
  }

  @Test
  void shouldCutLongTextSayingHowLongItWas() {
    String shown = ErrorText.shown("9".repeat(1_000_000), 40);

    assertThat(shown).hasSizeLessThanOrEqualTo(40).endsWith("... (1000000 chars)")
        .startsWith("999");
  }

  @Test
  void shouldNotCutASurrogatePairInHalf() {
    String text = "a".repeat(20) + "\uD83C\uDFB5".repeat(20);
    String cut = ErrorText.cut(text, 40);

    assertThat(cut).hasSizeLessThanOrEqualTo(40);
    assertThat(Character.isHighSurrogate(cut.charAt(cut.indexOf("...") - 1))).isFalse();
  }
}
