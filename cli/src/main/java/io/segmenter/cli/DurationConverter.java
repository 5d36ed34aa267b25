package io.segmenter.cli;

import io.segmenter.trainer.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Duration flags as {@code 30s}, {@code 15m}, {@code 6h}, {@code 1d} or ISO-8601 ({@code PT6H}); see {@link Durations}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value);
    }
}
