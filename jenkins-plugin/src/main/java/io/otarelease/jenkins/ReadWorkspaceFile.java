package io.otarelease.jenkins;

import hudson.remoting.VirtualChannel;
import io.otarelease.core.OtaException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the agent: reads a small file of the workspace (trusted keys, canary thresholds) for work done on the
 * controller. Bounded, so a wrong path cannot pull a huge file over the channel.
 */
public final class ReadWorkspaceFile extends MasterToSlaveFileCallable<byte[]> {
    private static final long serialVersionUID = 1L;
    static final int MAX_BYTES = 1 << 20;

    private final String path;
    private final String field;

    /** @param field the step parameter the path came from, named in errors */
    public ReadWorkspaceFile(String path, String field) {
        this.path = path;
        this.field = field;
    }

    @Override
    public byte[] invoke(File workspace, VirtualChannel channel) throws IOException {
        Path file = workspace.toPath().resolve(path);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new OtaException.BadInput(field + " " + path + " is larger than 1 MiB");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new OtaException.BadInput(field + " " + path + " does not exist in the workspace");
        }
    }
}
