package org.musicanalytics.functions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidRequestExceptionTest {

  @Test
  void shouldKeepShortFieldsAndProblemsWhole() {
    InvalidRequestException e =
        new InvalidRequestException("records[3].user_id", "must not be empty");

    assertThat(e.field()).isEqualTo("records[3].user_id");
    assertThat(e).hasMessage("records[3].user_id must not be empty");
  }

  @Test
  void shouldCutGiantFieldsAndProblemsSayingHowLongTheyWere() {
    String giant = "x".repeat(1024 * 1024);

    InvalidRequestException e = new InvalidRequestException(
        "play_counts.play_counts[\"" + giant + "\"]", "repeats user '" + giant + "'");

    assertThat(e.field()).hasSize(InvalidRequestException.MAX_PART_CHARS)
        .startsWith("play_counts.play_counts[\"xxx").endsWith("... (1048603 chars)");
    assertThat(e.getMessage()).startsWith(e.field() + " repeats user 'xxx")
        .endsWith("... (1048591 chars)")
        .hasSize(2 * InvalidRequestException.MAX_PART_CHARS + 1);
  }

  @Test
  void shouldNotCutACharacterInHalf() {
    String emoji = "🎵".repeat(InvalidRequestException.MAX_PART_CHARS);

    InvalidRequestException e = new InvalidRequestException("records[0].user_id", emoji);

    String problem = e.getMessage().substring("records[0].user_id ".length());
    assertThat(problem.codePoints().allMatch(c -> c == 0x1F3B5 || c < 0x80)).isTrue();
  }
}
