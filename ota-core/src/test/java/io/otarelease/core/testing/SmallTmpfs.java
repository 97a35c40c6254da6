package io.otarelease.core.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * A real, small file system: a tmpfs of a given size mounted on a directory, so a test fills it and the kernel
 * answers "No space left on device" (ENOSPC) to the production write code. Mounting needs root (CI runs as
 * root); elsewhere the test skips itself, or fails in CI ({@link RealParts}).
 */
public final class SmallTmpfs implements AutoCloseable {
    private final Path dir;

    private SmallTmpfs(Path dir) {
        this.dir = dir;
    }

    public static SmallTmpfs mount(Path dir, String size) {
        Processes.Result r = Processes.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700",
                "tmpfs", dir.toString()));
        RealParts.require(r.exitCode() == 0, "a tmpfs mount (mount -t tmpfs needs root; it said: "
                + r.output().strip() + ")");
        return new SmallTmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        Processes.Result r = Processes.run(List.of("umount", dir.toString()));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("cannot unmount " + dir + ": " + r.output());
        }
    }
}
