package io.otarelease.core.rollout;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.KpiResult;
import io.otarelease.core.canary.RollbackHook;
import io.otarelease.core.canary.Verdict;
import io.otarelease.core.release.ChannelStore;
import io.otarelease.core.release.ReleaseContext;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * The canary's {@link RollbackHook} done by the release engine: a new signed pointer serving the previous release
 * ({@link io.otarelease.core.release.Rollback}, which quarantines the failed one and writes the audit record with the
 * verdict as the reason). It refuses when the channel no longer serves the failed version, so a slow canary can never
 * roll back a release someone promoted after it.
 */
public final class ChannelRollback implements RollbackHook {
    private final ReleaseContext ctx;
    private final String cdnPathPrefix;
    private final Duration waitFor;

    public ChannelRollback(ReleaseContext ctx, String cdnPathPrefix, Duration waitFor) {
        this.ctx = ctx;
        this.cdnPathPrefix = cdnPathPrefix;
        this.waitFor = waitFor;
    }

    public ChannelRollback(ReleaseContext ctx) {
        this(ctx, "/", null);
    }

    @Override
    public String rollBack(String failedVersion, Verdict verdict) {
        ChannelStore.State state = ctx.channelStore().read();
        if (!state.exists()) {
            throw new OtaException.BadInput("channel " + ctx.channel() + " has no pointer in " + ctx.production().url());
        }
        String serving = state.pointer().current().version();
        if (!serving.equals(failedVersion)) {
            throw new OtaException.CheckFailed("channel " + ctx.channel() + " now serves " + serving + ", not the failed "
                    + failedVersion + ": not rolling back a release the canary did not judge");
        }
        var r = new io.otarelease.core.release.Rollback(ctx).cdnPathPrefix(cdnPathPrefix).waitFor(waitFor)
                .rollback(io.otarelease.core.release.Rollback.PREVIOUS, reason(verdict));
        return "channel " + ctx.channel() + " serves " + r.target() + " at sequence " + r.sequence()
                + (r.failed() == null ? "" : "; " + r.failed() + " quarantined");
    }

    /** What the audit log and the registry note record: the outcome, severity and each breach. */
    static String reason(Verdict v) {
        String breaches = v.breaches().stream().map(KpiResult::describe).collect(Collectors.joining("; "));
        return "canary " + v.outcome() + " (" + v.severity().label() + ")" + (breaches.isEmpty() ? "" : ": " + breaches);
    }
}
