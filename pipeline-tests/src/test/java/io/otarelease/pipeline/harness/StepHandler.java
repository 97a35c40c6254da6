package io.otarelease.pipeline.harness;

/** What a recorded step does in a scenario: returns the step's value, runs its body, or throws. */
@FunctionalInterface
public interface StepHandler {
    Object handle(StepCall call) throws Exception;
}
