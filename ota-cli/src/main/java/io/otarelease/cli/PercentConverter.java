package io.otarelease.cli;

import io.otarelease.core.OtaException;
import io.otarelease.core.release.Percent;
import picocli.CommandLine;

/** {@code --percent P}: checked by ota-core's {@link Percent} while the command line is read (exit 2 when wrong). */
final class PercentConverter implements CommandLine.ITypeConverter<Percent> {
    @Override
    public Percent convert(String value) {
        try {
            return Percent.parse(value, "--percent");
        } catch (OtaException.BadInput e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
