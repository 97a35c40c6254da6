package io.otarelease.core.canary;

/**
 * What a failed canary calls when asked to roll back ({@code ota canary --rollback-on-fail}, {@code ota rollout}).
 * The release engine implements it with a new signed channel pointer that serves the previous release; the canary
 * itself never touches a store. Implementations throw {@link io.otarelease.core.OtaException} on failure and return
 * one line saying what now serves ("production serves 3.4.0 at sequence 43").
 */
@FunctionalInterface
public interface RollbackHook {
    String rollBack(String failedVersion, Verdict verdict);
}
