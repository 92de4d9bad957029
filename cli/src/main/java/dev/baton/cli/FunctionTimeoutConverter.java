package dev.baton.cli;

import dev.baton.config.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --function-timeout}: a duration ({@code 300s}, {@code 5m}, {@code PT5M}) Lambda allows.
 */
final class FunctionTimeoutConverter implements ITypeConverter<Duration> {
  /** Lambda's longest function timeout. */
  static final Duration LAMBDA_MAX = Duration.ofMinutes(15);

  @Override
  public Duration convert(String value) {
    Duration d =
        DurationText.parse(value)
            .orElseThrow(
                () ->
                    new TypeConversionException(
                        "must be a duration such as 300s or 5m, was '" + value + "'"));
    if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(LAMBDA_MAX) > 0) {
      throw new TypeConversionException(
          "must be between 1s and 15m (Lambda's limits), was '" + value + "'");
    }
    return d;
  }
}
