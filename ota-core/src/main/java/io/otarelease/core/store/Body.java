package io.otarelease.core.store;

import io.otarelease.core.OtaException;
import io.otarelease.core.io.IoErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What to write: bytes in memory or a file streamed from disk, with its length known up front. */
public final class Body {
    private final byte[] bytes;
    private final Path file;
    private final long length;

    private Body(byte[] bytes, Path file, long length) {
        this.bytes = bytes;
        this.file = file;
        this.length = length;
    }

    public static Body of(byte[] bytes) {
        return new Body(bytes, null, bytes.length);
    }

    public static Body of(Path file) {
        try {
            return new Body(null, file, Files.size(file));
        } catch (IOException e) {
            throw new OtaException.Infrastructure("cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }

    public long length() {
        return length;
    }

    /** The bytes, read into memory when the body is a file. */
    public byte[] bytes() {
        if (bytes != null) {
            return bytes;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OtaException.Infrastructure("cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }

    public InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    public Path file() {
        return file;
    }
}
