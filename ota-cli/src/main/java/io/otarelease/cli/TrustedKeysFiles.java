package io.otarelease.cli;

import io.otarelease.client.json.JsonException;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.io.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads and extends trusted-keys.json files, with errors that name the file. */
public final class TrustedKeysFiles {
    private TrustedKeysFiles() {
    }

    public static TrustedKeys read(Path file) {
        try {
            return TrustedKeys.parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read trusted keys " + file + ": " + IoErrors.reason(e), e);
        } catch (JsonException e) {
            throw new OtaException.BadInput(e.getMessage(), e);
        }
    }

    /** Adds (or replaces, by key id) a key in {@code file}, creating the file when it is missing. */
    public static TrustedKeys add(Path file, TrustedKey key) {
        TrustedKeys keys = Files.exists(file) ? read(file) : new TrustedKeys(List.of());
        TrustedKeys updated = keys.with(key);
        AtomicFiles.write(file, updated.toCanonicalBytes());
        return updated;
    }
}
