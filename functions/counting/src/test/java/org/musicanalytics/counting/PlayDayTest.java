package org.musicanalytics.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlayDayTest {

  @Test
  void shouldReadTheUtcDayAsJavaTimeDoesForRandomTimestamps() {
    Random random = new Random(20261203L);
    DateTimeFormatter withOffset = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    for (int i = 0; i < 20_000; i++) {
      LocalDateTime local = LocalDateTime.of(1900 + random.nextInt(300), 1 + random.nextInt(12),
          1, random.nextInt(24), random.nextInt(60), random.nextInt(60))
          .plusDays(random.nextInt(31));
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 1800);
      OffsetDateTime time = OffsetDateTime.of(local, offset);
      long expected = time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toEpochDay();

      assertThat(PlayDay.of(time.format(withOffset))).as(time.toString()).isEqualTo(expected);
      assertThat(PlayDay.of(local + "Z")).isEqualTo(local.toLocalDate().toEpochDay());
      assertThat(PlayDay.of(local.toLocalDate().toString()))
          .isEqualTo(local.toLocalDate().toEpochDay());
    }
  }

  @Test
  void shouldReadEachFormOfTimeAndZone() {
    long nov5 = LocalDate.of(2025, 11, 5).toEpochDay();
    assertThat(PlayDay.of("2025-11-05T10:53:00")).isEqualTo(nov5);
    assertThat(PlayDay.of("2025-11-05 10:53")).isEqualTo(nov5);
    assertThat(PlayDay.of("2025-11-05T10:53:00.123456789Z")).isEqualTo(nov5);
    assertThat(PlayDay.of("2025-11-05T23:30:00-01")).isEqualTo(nov5 + 1);
    assertThat(PlayDay.of("2025-11-05T00:30:00+0100")).isEqualTo(nov5 - 1);
    assertThat(PlayDay.of("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29).toEpochDay());
    assertThat(PlayDay.of("1969-12-31T23:00:00Z")).isEqualTo(-1);
  }

  @Test
  void shouldGiveNoDayToTimestampsWithoutAParsableDate() {
    for (String bad : new String[] {"", "yesterday", "2025-11-5", "2025-13-01", "2025-02-29",
        "2025-11-05T", "2025-11-05T25:00", "2025-11-05T10:60", "2025-11-05T10:53:00+19:00",
        "2025-11-05T10:53:00.", "2025-11-05T10:53:00 UTC", "2025/11/05", "２０２５-11-05",
        "2025-11-05T10:53:00+01:0", "-025-11-05"}) {
      assertThat(PlayDay.of(bad)).as(bad).isEqualTo(PlayDay.UNKNOWN);
    }
  }

  @Test
  void shouldReadBackItsOwnKeysAndRefuseOthers() {
    for (int day : new int[] {-719528, -1, 0, 20397, 2932896, PlayDay.UNKNOWN}) {
      assertThat(PlayDay.ofKey(PlayDay.key(day))).isEqualTo(day);
    }
    assertThatThrownBy(() -> PlayDay.ofKey("2025-11-5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plays_per_day key '2025-11-5' is neither a date (yyyy-MM-dd) nor "
            + "\"unknown\"");
  }
}
