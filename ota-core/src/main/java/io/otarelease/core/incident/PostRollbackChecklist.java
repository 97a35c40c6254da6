package io.otarelease.core.incident;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.core.OtaException;
import io.otarelease.core.canary.Kpi;
import io.otarelease.core.canary.KpiResult;
import io.otarelease.core.canary.MetricSource;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.registry.Registry;
import io.otarelease.core.registry.ReleaseEntry;
import io.otarelease.core.registry.ReleaseStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The runbook's post-rollback checklist, checked by machine where a machine can:
 * <ul>
 *   <li>the CDN serves the right pointer: {@code channels/<channel>.json} and {@code .sig} fetched through the CDN
 *       URL (not the store: the CDN is what devices see) and verified as a device would ({@link ChannelVerifier}:
 *       signature, app, channel, expiry), serving the rollback target to 100%;</li>
 *   <li>the error rate is back to baseline: the JS error rate of the served release, read from the metric source,
 *       is within its warning level;</li>
 *   <li>the failed release is quarantined in the registry;</li>
 *   <li>the incident channel was updated (a delivered incident notification in the timeline).</li>
 * </ul>
 * Support's talking points and the postmortem meeting are for people. A machine check that cannot run (no CDN URL,
 * no metric source) is listed for a person, never passed.
 */
public final class PostRollbackChecklist {
    private static final int MAX_POINTER = 64 * 1024;
    private final TrustedKeys trusted;
    private final Clock clock;
    private final Registry registry;
    private final URI cdnBase;
    private final MetricSource metrics;
    private final Thresholds thresholds;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** {@code cdnBase} (the URL of the store root on the CDN) and {@code metrics} may be null. */
    public PostRollbackChecklist(TrustedKeys trusted, Clock clock, Registry registry, URI cdnBase, MetricSource metrics,
                                 Thresholds thresholds) {
        this.trusted = trusted;
        this.clock = clock;
        this.registry = registry;
        this.cdnBase = cdnBase == null ? null : URI.create(cdnBase.toString().endsWith("/") ? cdnBase.toString()
                : cdnBase + "/");
        this.metrics = metrics;
        this.thresholds = thresholds;
    }

    public List<CheckItem> run(Incident incident) {
        String target = incident.rolledBackTo();
        if (target == null || target.equals("unknown")) {
            target = registry.read().withStatus(ReleaseStatus.CURRENT).map(ReleaseEntry::version).orElse(null);
        }
        List<CheckItem> items = new ArrayList<>();
        items.add(cdn(incident, target));
        items.add(errorRate(target));
        items.add(quarantined(incident.version()));
        items.add(new CheckItem("Support team notified with talking points", CheckItem.State.PERSON,
                "tell support what users saw and that " + (target == null ? "the previous release" : target)
                        + " is back"));
        boolean told = incident.timeline().stream().anyMatch(e -> e.phase() == Phase.COMMUNICATE
                && e.text().contains("incidents delivered"));
        items.add(told ? new CheckItem("Incident channel updated with timeline", CheckItem.State.PASS,
                "incident notification delivered to the incidents channel")
                : new CheckItem("Incident channel updated with timeline", CheckItem.State.PERSON,
                "no delivered incident notification recorded: run ota incident communicate"));
        items.add(new CheckItem("Postmortem scheduled within 48 hours", CheckItem.State.PERSON,
                "due by " + incident.openedAt().plus(Duration.ofHours(48))));
        return items;
    }

    CheckItem cdn(Incident incident, String target) {
        String item = "CDN serving correct version";
        if (cdnBase == null) {
            return new CheckItem(item, CheckItem.State.PERSON, "no CDN URL given: curl the channel pointer through the CDN");
        }
        if (target == null) {
            return new CheckItem(item, CheckItem.State.FAIL, "no rollback target known: the registry has no current release");
        }
        StoreLayout layout = new StoreLayout(incident.appId());
        URI json = cdnBase.resolve(layout.channel(incident.channel()));
        URI sig = cdnBase.resolve(layout.channelSignature(incident.channel()));
        ChannelPointer p;
        try {
            p = new ChannelVerifier(trusted, clock, incident.appId(), incident.channel(), 0).verify(fetch(json), fetch(sig));
        } catch (VerificationException e) {
            return new CheckItem(item, CheckItem.State.FAIL, "the pointer served at " + json + " does not verify: "
                    + e.getMessage());
        } catch (OtaException e) {
            return new CheckItem(item, CheckItem.State.FAIL, e.getMessage());
        }
        String serves = p.current().version() + " at " + p.current().percent() + "% (sequence " + p.sequence() + ")";
        if (p.current().version().equals(target) && p.current().percent() == 100) {
            return new CheckItem(item, CheckItem.State.PASS, json + " serves " + serves + ", signature verified");
        }
        return new CheckItem(item, CheckItem.State.FAIL, json + " still serves " + serves + ", expected " + target
                + " at 100%: the CDN has not picked up the rollback (invalidate channels/* and check again)");
    }

    private byte[] fetch(URI uri) {
        HttpResponse<byte[]> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Cache-Control", "no-cache")
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new OtaException.Infrastructure("cannot fetch " + uri + " from the CDN (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtaException.Infrastructure("interrupted fetching " + uri);
        }
        if (r.statusCode() != 200) {
            throw new OtaException.Infrastructure("the CDN answered HTTP " + r.statusCode() + " for " + uri);
        }
        if (r.body().length > MAX_POINTER) {
            throw new OtaException.Infrastructure(uri + " is larger than " + MAX_POINTER + " bytes");
        }
        return r.body();
    }

    CheckItem errorRate(String target) {
        String item = "Error rate returning to baseline";
        if (metrics == null) {
            return new CheckItem(item, CheckItem.State.PERSON, "no metric source given: check the dashboard");
        }
        if (target == null) {
            return new CheckItem(item, CheckItem.State.FAIL, "no rollback target known");
        }
        Kpi kpi = thresholds.kpi("js_error_rate");
        double v;
        try {
            v = metrics.value(kpi, target, thresholds.window(), clock.instant());
        } catch (OtaException e) {
            return new CheckItem(item, CheckItem.State.FAIL, "cannot read it: " + e.getMessage());
        }
        Kpi.Level level = kpi.levelOf(v);
        String what = "JS error rate of " + target + " " + KpiResult.format(v) + "% over " + thresholds.window() + " from "
                + metrics.describe() + " (warning above " + KpiResult.format(kpi.warning()) + "%)";
        return new CheckItem(item, level == Kpi.Level.OK ? CheckItem.State.PASS : CheckItem.State.FAIL, what);
    }

    CheckItem quarantined(String failed) {
        String item = "Failed bundle quarantined";
        var e = registry.read().find(failed);
        if (e.isEmpty()) {
            return new CheckItem(item, CheckItem.State.FAIL, failed + " is not in the registry " + registry.describe());
        }
        boolean q = e.get().status() == ReleaseStatus.QUARANTINED;
        return new CheckItem(item, q ? CheckItem.State.PASS : CheckItem.State.FAIL, failed + " is " + e.get().status().label()
                + " in " + registry.describe() + (q ? "" : ": roll back with ota rollback, which quarantines it"));
    }
}
