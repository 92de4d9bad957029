package dev.baton.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one duration syntax of topology files, the agent's configuration and drill scenarios: every
 * text any of their three former parsers accepted is still read the same.
 */
class DurationTextTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // units
        "250ms  | PT0.25S",
        "500ms  | PT0.5S",
        "5s     | PT5S",
        "1m     | PT1M",
        "2m     | PT2M",
        "1h     | PT1H",
        "2h     | PT2H",
        "1d     | PT24H",
        // decimals (scenario files), exact to the nanosecond
        "1.5s   | PT1.5S",
        "0.5m   | PT30S",
        "1.25ms | PT0.00125S",
        "0.0000005ms | PT0.000000001S",
        // parts add up, in any order (topology and scenario files)
        "1m30s  | PT1M30S",
        "1h30m  | PT1H30M",
        "30s1m  | PT1M30S",
        "1m0.5s | PT1M0.5S",
        // the agent's configuration: any case, spaces around the text and before a unit
        "' 10s '  | PT10S",
        "5S       | PT5S",
        "500MS    | PT0.5S",
        "'5 s'    | PT5S",
        "'5 ms'   | PT0.005S",
        // ISO-8601, any case (topology and agent)
        "PT5S   | PT5S",
        "pt1m   | PT1M",
        "PT1.5S | PT1.5S",
        "P1D    | PT24H",
      })
  void readsEveryFormAnyFormerParserRead(String text, String iso) {
    assertThat(DurationText.parseUnsigned(text)).isEqualTo(Duration.parse(iso));
    assertThat(DurationText.parseSigned(text)).isEqualTo(Duration.parse(iso));
    assertThat(DurationText.parse(text)).contains(Duration.parse(iso));
  }

  @ParameterizedTest(name = "''{0}''")
  @NullAndEmptySource
  @ValueSource(strings = {"5", "30", "1.5", "five seconds", "soon", "P5", "5 sec", "1m 30s", "1.s"})
  void aNumberWithoutAUnitOrNonsenseBreaksTheRuleAndSaysWhatItSaw(String text) {
    assertThatThrownBy(() -> DurationText.parseUnsigned(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(DurationText.RULE + ", was '" + text + "'");
    assertThatThrownBy(() -> DurationText.parseSigned(text))
        .hasMessage(DurationText.RULE + ", was '" + text + "'");
    assertThat(DurationText.parse(text)).isEmpty();
  }

  @Test
  void theRuleGivesExamples() {
    assertThatThrownBy(() -> DurationText.parseUnsigned("30"))
        .hasMessage(
            "must be a duration with a unit such as 500ms, 5s, 1.5s, 2m, 1m30s or 1h"
                + " (or ISO-8601 PT5S), was '30'");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-5s", "+30s", " -1m30s", "-PT5S"})
  void topologyAndAgentDurationsTakeNoSign(String text) {
    assertThatThrownBy(() -> DurationText.parseUnsigned(text))
        .hasMessage(DurationText.UNSIGNED_RULE + ", was '" + text + "'");
    assertThat(DurationText.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"PT-5S", "PT1M-30S", "pt+5s"})
  void aSignGoesInFrontOrNowhere(String text) {
    assertThatThrownBy(() -> DurationText.parseUnsigned(text))
        .hasMessageContaining(DurationText.RULE);
    assertThatThrownBy(() -> DurationText.parseSigned(text))
        .hasMessageContaining(DurationText.RULE);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-30s    | PT-30S",
        "+30s    | PT30S",
        "-40s    | PT-40S",
        "-1m30s  | PT-1M-30S",
        "-1.5s   | PT-1.5S",
        "' -5s ' | PT-5S",
        "-PT5S   | PT-5S",
      })
  void scenarioSkewsMayBeSigned(String text, String iso) {
    assertThat(DurationText.parseSigned(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--5s", "- 5s", "+-5s", "-", "+"})
  void oneSignDirectlyBeforeTheNumber(String text) {
    assertThatThrownBy(() -> DurationText.parseSigned(text))
        .hasMessage(DurationText.RULE + ", was '" + text + "'");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "99999999999999999999s",
        "9223372036854775808s",
        "106751991167301d",
        "PT9999999999999999999H"
      })
  void aDurationTooLongForJavaIsRefusedNotWrapped(String text) {
    assertThatThrownBy(() -> DurationText.parseUnsigned(text))
        .hasMessage(DurationText.RANGE_RULE + ", was '" + text + "'");
  }

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "PT0S          | 0s",
        "PT0.25S       | 250ms",
        "PT0.1S        | 100ms",
        "PT0.0015S     | 1.5ms",
        "PT0.000000001S | 0.000001ms",
        "PT5S          | 5s",
        "PT10S         | 10s",
        "PT1.5S        | 1.5s",
        "PT1.25S       | 1.25s",
        "PT1M          | 1m",
        "PT1M30S       | 1m30s",
        "PT2M30S       | 2m30s",
        "PT10M30S      | 10m30s",
        "PT10M0.25S    | 10m250ms",
        "PT1H          | 1h",
        "PT1H0.5S      | 1h500ms",
        "PT25H1M1.001S | 25h1m1.001s",
        "PT-3S         | -3s",
        "PT-1M-30S     | -1m30s",
      })
  void formatsTheExactShortForm(String iso, String text) {
    assertThat(DurationText.format(Duration.parse(iso))).isEqualTo(text);
  }

  @Test
  void formatsTheExtremesWithoutOverflowing() {
    Duration min = Duration.ofSeconds(Long.MIN_VALUE);
    assertThat(DurationText.parseSigned(DurationText.format(min))).isEqualTo(min);
    Duration max = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    assertThat(DurationText.parseUnsigned(DurationText.format(max))).isEqualTo(max);
  }

  static LongStream seeds() {
    return new Random().longs(20);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void whatFormatPrintsReadsBackExactly(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 500; i++) {
      long nanos = random.nextLong() >> random.nextInt(64); // every magnitude, both signs
      Duration d = Duration.ofNanos(nanos).multipliedBy(random.nextInt(3) + 1L);
      String text = DurationText.format(d);

      assertThat(DurationText.parseSigned(text)).as("seed %d: %s", seed, text).isEqualTo(d);
      assertThat(text).as("seed %d: %s", seed, text).matches("-?(\\d+h)?(\\d+m)?([\\d.]+m?s)?");
    }
  }

  @Test
  void scalesToTheMillisecond() {
    assertThat(DurationText.scale(Duration.ofSeconds(5), 0.2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(DurationText.scale(Duration.ofSeconds(12), 0.1)).isEqualTo(Duration.ofMillis(1200));
    assertThat(DurationText.scale(Duration.ofMillis(1), 0.4)).isEqualTo(Duration.ZERO);
    assertThat(DurationText.scale(Duration.ofSeconds(-10), 0.5)).isEqualTo(Duration.ofSeconds(-5));
  }
}
