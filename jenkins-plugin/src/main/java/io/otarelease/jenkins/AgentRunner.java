package io.otarelease.jenkins;

import hudson.FilePath;
import java.io.IOException;

/**
 * Runs a callable on the directory it is bound to: {@code FilePath::act} in Jenkins (over remoting when the
 * directory is on an agent), a direct {@code invoke} on a local directory in tests.
 */
@FunctionalInterface
public interface AgentRunner {
    <T> T act(FilePath.FileCallable<T> callable) throws IOException, InterruptedException;
}
