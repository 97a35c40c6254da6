package io.otarelease.jenkins;

import io.otarelease.core.store.Store;

/**
 * Where a step's controller-side work reads and writes: the step's name (for its messages), the target and the
 * stores it may open under the administrator's rules. Jenkins-free, so the work is tested as is.
 */
public record StepTarget(String step, ReleaseTarget target, ControllerStores stores) {

    /** The target's app, which the step needs. */
    public String appId() {
        return target.requireAppId(step);
    }

    /** Opens the production or staging store; the caller closes it. */
    public Store open(String which) {
        return stores.open(which + "Store", target.requireStore(which, step), target.s3());
    }

    /** Opens the production store; the caller closes it. */
    public Store openProduction() {
        return open("production");
    }
}
