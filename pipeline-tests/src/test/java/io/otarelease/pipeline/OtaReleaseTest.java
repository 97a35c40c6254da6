package io.otarelease.pipeline;

import io.otarelease.pipeline.harness.PipelineHarness;
import io.otarelease.pipeline.harness.PipelineHarness.RunResult;
import io.otarelease.pipeline.harness.StepCall;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OtaReleaseTest {

    private PipelineHarness h;

    @BeforeEach
    void setUp() {
        h = new PipelineHarness();
        h.env.put("TAG_NAME", "ota/v3.4.1");
        h.registryEntry("3.4.0", "current").registryEntry("3.3.2", "rollback-ready");
    }

    private static Map<String, Object> config(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", "shop");
        m.put("approvers", "release-managers");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void happyPathRunsTheSixStagesInOrderAndWidensOnlyAfterPassingWindows() {
        RunResult r = h.run("otaRelease", config());

        assertThat(r.result()).as(String.valueOf(r.failure())).isEqualTo("SUCCESS");
        assertThat(r.of("stage").stream().map(StepCall::first).toList())
                .containsExactly("Source", "Build", "Sign", "Test", "Stage", "Release");
        assertThat(r.trace("otaSign", "otaGate", "otaPromote", "input", "otaCanaryWindow")).containsExactly(
                "otaSign(profile: shop, dir: www, version: 3.4.1)",
                "otaGate(profile: shop, dir: www, junit: reports/ota-gates.xml, sarif: reports/ota-gates.sarif)",
                "otaPromote(profile: shop, version: 3.4.1, to: staging, dir: www)",
                "input(message: Release OTA 3.4.1 to production (5% → 25% → 50% → 100%)?, ok: Release, submitter: release-managers, submitterParameter: OTA_APPROVER)",
                "otaPromote(profile: shop, version: 3.4.1, to: production, percent: 5)",
                "otaCanaryWindow(profile: shop, version: 3.4.1, window: 1h, every: 15m, maxExtensions: 4, approvers: release-managers, notifications: true, notifyRoutes: {}, baselineVersion: 3.4.0)",
                "otaPromote(profile: shop, version: 3.4.1, to: production, percent: 25)",
                "otaCanaryWindow(profile: shop, version: 3.4.1, window: 1h, every: 15m, maxExtensions: 4, approvers: release-managers, notifications: true, notifyRoutes: {}, baselineVersion: 3.4.0)",
                "otaPromote(profile: shop, version: 3.4.1, to: production, percent: 50)",
                "otaCanaryWindow(profile: shop, version: 3.4.1, window: 1h, every: 15m, maxExtensions: 4, approvers: release-managers, notifications: true, notifyRoutes: {}, baselineVersion: 3.4.0)",
                "otaPromote(profile: shop, version: 3.4.1, to: production, percent: 100)");
        assertThat(r.called("otaRollback")).isFalse();
        assertThat(r.result()).isEqualTo("SUCCESS");
    }

    @Test
    void eachWideningFollowsFourPassingChecksAnHourApart() {
        RunResult r = h.run("otaRelease", config());

        List<StepCall> promotions = r.of("otaPromote").stream().filter(c -> "production".equals(c.arg("to"))).toList();
        assertThat(promotions).extracting(StepCall::atSeconds).containsExactly(0L, 3600L, 7200L, 10800L);
        assertThat(r.of("otaCanary")).hasSize(12).allSatisfy(c -> {
            assertThat(c.arg("failOnFail")).isEqualTo(false);
            assertThat(c.arg("baselineVersion")).isEqualTo("3.4.0");
        });
        assertThat(r.of("sleep")).hasSize(12).allSatisfy(c -> assertThat(c.arg("time")).isEqualTo(900L));
    }

    @Test
    void approvalWaitsOutsideAnyNodeAndProductionOnlyUnderTheLockAfterTheMilestones() {
        RunResult r = h.run("otaRelease", config());

        StepCall input = r.of("input").get(0);
        assertThat(input.insideNode()).isFalse();
        assertThat(input.arg("submitter")).isEqualTo("release-managers");
        assertThat(r.of("sleep", "otaCanary")).allSatisfy(c -> assertThat(c.insideNode()).isFalse());
        assertThat(r.of("otaSign", "otaGate", "sh")).allSatisfy(c -> assertThat(c.insideNode()).isTrue());
        assertThat(r.of("otaPromote").stream().filter(c -> "production".equals(c.arg("to"))))
                .allSatisfy(c -> assertThat(c.insideLock()).isTrue());
        assertThat(r.trace("milestone", "input", "lock")).containsExactly(
                "milestone(label: awaiting approval)", input.toString(), "milestone(label: approved)",
                "lock(resource: ota-shop-production, inversePrecedence: true, body: {...})".replace(", body: {...}", ""));
        int inputAt = r.calls().indexOf(input);
        int firstProduction = r.calls().indexOf(r.of("otaPromote").get(1));
        assertThat(inputAt).isLessThan(firstProduction);
    }

    @Test
    void everyStageTellsEngineeringAndTheReleaseTellsTheReleasesChannel() {
        RunResult r = h.run("otaRelease", config());

        assertThat(r.notifications()).filteredOn(n -> n.startsWith("stage-passed")).hasSize(6);
        assertThat(r.notifications()).contains("approval-requested→releases", "release-started→releases",
                "released→releases", "canary-pass→engineering");
        assertThat(r.notifications()).noneMatch(n -> n.endsWith("incidents"));
    }

    @Test
    void anUrgentReleasePromotesEveryProductionStepUrgentButNotStagingNorTheRollback() {
        RunResult r = h.run("otaRelease", config("urgent", true));

        assertThat(r.result()).as(String.valueOf(r.failure())).isEqualTo("SUCCESS");
        assertThat(r.trace("otaPromote")).containsExactly(
                "otaPromote(profile: shop, version: 3.4.1, to: staging, dir: www)",
                "otaPromote(profile: shop, version: 3.4.1, to: production, percent: 5, urgent: true)",
                "otaPromote(profile: shop, version: 3.4.1, to: production, percent: 25, urgent: true)",
                "otaPromote(profile: shop, version: 3.4.1, to: production, percent: 50, urgent: true)",
                "otaPromote(profile: shop, version: 3.4.1, to: production, percent: 100, urgent: true)");
        assertThat(r.of("otaNotify")).filteredOn(c -> "release-started".equals(c.arg("event")))
                .allSatisfy(c -> assertThat(String.valueOf(c.arg("message"))).contains("urgent"));
        assertThat(r.of("otaCanaryWindow")).hasSize(3).as("urgent skips no canary window");

        PipelineHarness failing = new PipelineHarness();
        failing.env.put("TAG_NAME", "ota/v3.4.1");
        failing.registryEntry("3.4.0", "current").registryEntry("3.3.2", "rollback-ready");
        failing.canaryVerdicts("FAIL");
        RunResult rolledBack = failing.run("otaRelease", config("urgent", true));
        assertThat(rolledBack.of("otaRollback")).singleElement().satisfies(c -> assertThat(c.named()).doesNotContainKey("urgent"));
    }

    @Test
    void canaryFailAtTwentyFivePercentRollsBackToThePreviousVersionAndOpensAnIncident() {
        h.canaryVerdicts("PASS", "PASS", "PASS", "PASS", "PASS", "FAIL");

        RunResult r = h.run("otaRelease", config());

        assertThat(r.result()).isEqualTo("FAILURE");
        assertThat(r.trace("otaPromote").stream().filter(t -> t.contains("production")).toList())
                .containsExactly("otaPromote(profile: shop, version: 3.4.1, to: production, percent: 5)",
                        "otaPromote(profile: shop, version: 3.4.1, to: production, percent: 25)");
        assertThat(r.of("otaCanary")).hasSize(6);
        StepCall rollback = r.of("otaRollback").get(0);
        assertThat(rollback.arg("to")).isEqualTo("3.4.0");
        assertThat(rollback.arg("channel")).isEqualTo("production");
        assertThat(String.valueOf(rollback.arg("reason"))).contains("canary FAIL at 25%", "SEV-1");
        assertThat(r.notifications()).contains("canary-fail→incidents", "rollback→incidents", "rollback→releases");
        StepCall incident = r.of("otaNotify").stream()
                .filter(c -> "rollback".equals(c.arg("event")) && "incidents".equals(c.arg("channel"))).findFirst().orElseThrow();
        assertThat(incident.arg("severity")).isEqualTo("SEV-1");
        assertThat(incident.arg("percent")).isEqualTo(25);
        assertThat(r.message()).contains("rolled back to 3.4.0");
        assertThat(r.log()).anyMatch(l -> l.startsWith("## Post-rollback checklist") && l.contains("quarantined"));
        assertThat(r.trace("libraryResource")).containsExactly("libraryResource(runbook.md)");
        assertThat(r.notifications()).doesNotContain("released→releases");
        // the incident record, as `ota incident` keeps it: opened with the canary's severity, then the rollback
        assertThat(r.of("otaIncident")).extracting(c -> c.arg("action")).containsExactly("open", "rolledBack");
        StepCall opened = r.of("otaIncident").get(0);
        assertThat(opened.arg("severity")).isEqualTo("SEV-1");
        assertThat(opened.arg("version")).isEqualTo("3.4.1");
        assertThat(String.valueOf(opened.arg("detected"))).contains("canary FAIL at 25%");
        assertThat(r.of("otaIncident").get(1).arg("id")).isEqualTo("INC-20260329-1400-3.4.1");
        assertThat(r.of("otaIncident").get(1).arg("target")).isEqualTo("3.4.0");
        assertThat(String.valueOf(incident.arg("message"))).contains("incident INC-20260329-1400-3.4.1");
        assertThat(r.calls().indexOf(r.of("otaIncident").get(0)))
                .isGreaterThan(r.calls().indexOf(rollback)).as("the rollback comes first");
    }

    @Test
    void anIncidentThatCannotBeRecordedNeverStopsTheRollbackAnnouncement() {
        h.canaryVerdicts("FAIL");
        h.on("otaIncident", c -> {
            throw new hudson.AbortException("otaIncident: production store unreachable");
        });

        RunResult r = h.run("otaRelease", config());

        assertThat(r.called("otaRollback")).isTrue();
        assertThat(r.notifications()).contains("rollback→incidents");
        assertThat(r.log()).anyMatch(l -> l.contains("WARNING: the incident could not be recorded")
                && l.contains("production store unreachable"));
        assertThat(r.message()).contains("rolled back to");
    }

    @Test
    void theBaselineIsReadAgainUnderTheLockAfterTheApproval() {
        // while this build waited for approval, another build released 3.4.5
        h.on("input", c -> {
            h.registry.clear();
            h.registryEntry("3.4.5", "current").registryEntry("3.4.0", "rollback-ready");
            return "alice";
        });
        h.canaryVerdicts("FAIL");

        RunResult r = h.run("otaRelease", config());

        assertThat(r.of("otaCanary").get(0).arg("baselineVersion")).isEqualTo("3.4.5");
        assertThat(r.of("otaRollback").get(0).arg("to")).isEqualTo("3.4.5");
        assertThat(String.valueOf(r.of("input").get(0).arg("message"))).contains("3.4.1");
        assertThat(r.of("otaRegistry").get(1).insideLock()).isTrue();
    }

    @Test
    void rejectedApprovalAbortsAndNothingReachesProduction() {
        h.on("input", PipelineHarness.rejects("bob"));

        RunResult r = h.run("otaRelease", config());

        assertThat(r.result()).isEqualTo("ABORTED");
        assertThat(r.of("otaPromote")).extracting(c -> c.arg("to")).containsExactly("staging");
        assertThat(r.called("otaCanary")).isFalse();
        assertThat(r.called("otaRollback")).isFalse();
        assertThat(r.called("lock")).isFalse();
        assertThat(r.notifications()).contains("approval-rejected→releases", "stage-failed→engineering");
        assertThat(r.of("otaNotify")).extracting(c -> String.valueOf(c.arg("message")))
                .contains("Release failed: Rejected by bob", "OTA 3.4.1 was not approved (Rejected by bob); nothing reached production")
                .noneMatch(m -> m.contains("null"));
    }

    @Test
    void npmAuditAndLicenseReportsAreWrittenInBuildAndFedToTheGates() {
        Map<String, Object> cfg = config();
        cfg.put("npmAudit", true);
        cfg.put("licenseCommand", "npx --no-install license-checker --production --json");
        h.on("sh", c -> Boolean.TRUE.equals(c.arg("returnStatus")) ? 1 : Boolean.TRUE.equals(c.arg("returnStdout")) ? "0\n" : null);

        RunResult r = h.run("otaRelease", cfg);

        assertThat(r.result()).as(String.valueOf(r.failure())).isEqualTo("SUCCESS");
        assertThat(r.of("sh")).filteredOn(c -> String.valueOf(c.first()).contains("license-checker")
                        || String.valueOf(c.arg("script")).contains("npm audit"))
                .extracting(StepCall::stage).containsExactly("Build", "Build");
        assertThat(r.trace("otaGate")).containsExactly("otaGate(profile: shop, dir: www, junit: reports/ota-gates.xml, "
                + "sarif: reports/ota-gates.sarif, npmAudit: reports/npm-audit.json, licenses: reports/licenses.json)");
        assertThat(r.log()).anyMatch(l -> l.contains("npm audit exited 1"));
    }

    @Test
    void withoutDependencyReportsTheGatesGetNone() {
        RunResult r = h.run("otaRelease", config());

        assertThat(r.of("otaGate").get(0).named()).doesNotContainKeys("npmAudit", "licenses");
        assertThat(r.of("sh")).noneMatch(c -> String.valueOf(c.arg("script")).contains("npm audit"));
    }

    @Test
    void adoptionIsCheckedOneTwentyFourAndSeventyTwoHoursAfterTheFullRolloutWithoutAnExecutor() {
        Map<String, Object> cfg = config();
        cfg.put("adoptionChecks", true);

        RunResult r = h.run("otaRelease", cfg);

        assertThat(r.result()).as(String.valueOf(r.failure())).isEqualTo("SUCCESS");
        List<StepCall> checks = r.of("otaAdoption");
        assertThat(checks).hasSize(3).allSatisfy(c -> {
            assertThat(c.insideNode()).isFalse();
            assertThat(c.insideLock()).isFalse();
            assertThat(c.stage()).isEqualTo("Adoption");
        });
        long full = r.of("otaPromote").stream().filter(c -> Integer.valueOf(100).equals(c.arg("percent")))
                .findFirst().orElseThrow().atSeconds();
        assertThat(checks).extracting(c -> (c.atSeconds() - full) / 3600).containsExactly(1L, 24L, 72L);
        assertThat(r.log()).anyMatch(l -> l.contains("WARNING: adoption of 3.4.1 missed its target after 72 h"));
        assertThat(new PipelineHarness().run("otaRelease", config()).called("otaAdoption")).as("off by default").isFalse();
    }

    @Test
    void anApprovalThatTimesOutSaysSo() {
        h.timeoutsExpire(c -> h.calls().stream().noneMatch(x -> x.name().equals("otaPromote") && "production".equals(x.arg("to"))));

        RunResult r = h.run("otaRelease", config());

        assertThat(r.result()).isEqualTo("ABORTED");
        assertThat(r.called("input")).isTrue();
        assertThat(r.called("lock")).isFalse();
        assertThat(r.of("otaNotify")).extracting(c -> String.valueOf(c.arg("message")))
                .contains("Release failed: Timeout has been exceeded",
                        "OTA 3.4.1 was not approved (Timeout has been exceeded); nothing reached production");
    }

    @Test
    void insufficientDataExtendsTheWindowThenPasses() {
        // 5%: three PASS then INSUFFICIENT_DATA at the end → two extensions → PASS
        h.canaryVerdicts("PASS", "PASS", "PASS", "INSUFFICIENT_DATA", "INSUFFICIENT_DATA", "PASS");

        RunResult r = h.run("otaRelease", config());

        assertThat(r.result()).as(String.valueOf(r.failure())).isEqualTo("SUCCESS");
        assertThat(r.notifications()).filteredOn(n -> n.startsWith("canary-extended")).hasSize(2);
        assertThat(r.of("otaCanary")).hasSize(6 + 4 + 4);
        List<StepCall> promotions = r.of("otaPromote").stream().filter(c -> "production".equals(c.arg("to"))).toList();
        assertThat(promotions.get(1).atSeconds()).isEqualTo(6 * 900L);
        assertThat(r.called("input") && r.of("input").size() == 1).isTrue();
    }

    @Test
    void insufficientDataBeyondTheLimitAsksAPersonWhoseRollbackChoiceRollsBack() {
        h.canaryVerdicts("INSUFFICIENT_DATA");
        h.on("input", c -> c.arg("submitterParameter") != null ? "alice" : "Roll back");

        RunResult r = h.run("otaRelease", config("canaryMaxExtensions", 2));

        assertThat(r.result()).isEqualTo("FAILURE");
        assertThat(r.of("otaCanary")).hasSize(4 + 2);
        assertThat(r.notifications()).contains("canary-undecided→incidents");
        StepCall ask = r.of("input").get(1);
        assertThat(ask.insideNode()).isFalse();
        assertThat(String.valueOf(ask.arg("parameters"))).contains("Roll back", "Continue the rollout");
        assertThat(String.valueOf(r.of("otaRollback").get(0).arg("reason"))).contains("decided by person");
        assertThat(r.of("otaNotify")).filteredOn(c -> "rollback".equals(c.arg("event")))
                .allSatisfy(c -> assertThat(c.arg("severity")).isEqualTo("SEV-2"));
    }

    @Test
    void badTagFailsTheSourceStageBeforeAnythingIsBuilt() {
        h.env.put("TAG_NAME", "ota/v3.4");

        RunResult r = h.run("otaRelease", config());

        assertThat(r.result()).isEqualTo("FAILURE");
        assertThat(r.message()).contains("tag 'ota/v3.4'", "'3.4' is not a release version");
        assertThat(r.called("sh")).isFalse();
        assertThat(r.called("otaSign")).isFalse();
        assertThat(r.notifications()).containsExactly("stage-failed→engineering");
    }

    @Test
    void aTagWithoutThePrefixOrNoTagAtAllIsRefused() {
        h.env.put("TAG_NAME", "release-3.4.1");
        assertThat(h.run("otaRelease", config()).message()).contains("'release-3.4.1' is not a release tag", "ota/v1.2.3");

        PipelineHarness noTag = new PipelineHarness();
        assertThat(noTag.run("otaRelease", config()).message()).contains("no release tag", "OTA_VERSION");
    }

    @Test
    void thePlatformIsPassedToOtaSignAndCheckedBeforeAnyNode() {
        RunResult ok = h.run("otaRelease", config("platform", "android"));
        assertThat(ok.result()).as(String.valueOf(ok.failure())).isEqualTo("SUCCESS");
        assertThat(ok.of("otaSign").get(0).arg("platform")).isEqualTo("android");

        RunResult refused = new PipelineHarness().run("otaRelease", config("platform", "web"));
        assertThat(refused.message()).contains("option 'platform' must be 'android' or 'ios'", "'web'");
        assertThat(refused.called("node")).isFalse();
    }

    @Test
    void theVersionParameterReplacesTheTagAndIsValidatedToo() {
        h.env.remove("TAG_NAME");
        h.params.put("OTA_VERSION", " 3.5.0-rc.1 ");
        RunResult ok = h.run("otaRelease", config());
        assertThat(ok.of("otaSign").get(0).arg("version")).isEqualTo("3.5.0-rc.1");
        assertThat(h.currentBuild.get("displayName")).hasToString("3.5.0-rc.1 #42");

        PipelineHarness bad = new PipelineHarness();
        bad.params.put("OTA_VERSION", "3.5.0; rm -rf /");
        RunResult r = bad.run("otaRelease", config());
        assertThat(r.message()).contains("parameter OTA_VERSION", "is not a release version");
        assertThat(r.called("otaSign")).isFalse();
    }

    @Test
    void sourceMapsAreMovedOutBeforeSigningAndArchivedOrUploaded() {
        h.on("sh", c -> Boolean.TRUE.equals(c.arg("returnStdout")) ? "3\n" : null);
        RunResult archived = h.run("otaRelease", config());
        List<String> order = archived.calls().stream().map(StepCall::name)
                .filter(n -> List.of("sh", "archiveArtifacts", "otaSign").contains(n)).toList();
        assertThat(order).containsSubsequence("sh", "sh", "sh", "archiveArtifacts", "otaSign");
        StepCall move = archived.of("sh").stream().filter(c -> Boolean.TRUE.equals(c.arg("returnStdout"))).findFirst().orElseThrow();
        assertThat(String.valueOf(move.arg("script"))).contains("-name '*.map'").doesNotContain("www");
        assertThat(archived.of("archiveArtifacts").get(0).arg("artifacts")).hasToString("source-maps/**");

        PipelineHarness upload = new PipelineHarness();
        upload.env.put("TAG_NAME", "ota/v3.4.1");
        upload.on("sh", c -> Boolean.TRUE.equals(c.arg("returnStdout")) ? "2\n" : null);
        RunResult up = upload.run("otaRelease", config("sourceMapsUpload", "aws s3 cp --recursive \"$OTA_SOURCE_MAPS\" s3://private/maps/$OTA_VERSION/"));
        assertThat(up.called("archiveArtifacts")).isFalse();
        assertThat(up.trace("sh")).anyMatch(t -> t.startsWith("sh(aws s3 cp --recursive"));
    }

    @Test
    void testsPublishResultsAndRunTheSmokeHook() {
        RunResult r = h.run("otaRelease", config("testResults", "reports/junit/*.xml", "smokeTestJob", "device-smoke"));

        assertThat(r.trace("junit")).containsExactly(
                "junit(testResults: reports/junit/*.xml, allowEmptyResults: true)",
                "junit(testResults: reports/ota-gates.xml, allowEmptyResults: true)");
        assertThat(String.valueOf(r.of("recordIssues").get(0).arg("tools"))).contains("sarif", "reports/ota-gates.sarif");
        StepCall smoke = r.of("build").get(0);
        assertThat(smoke.arg("job")).isEqualTo("device-smoke");
        assertThat(String.valueOf(smoke.arg("parameters"))).contains("OTA_VERSION", "3.4.1");
        assertThat(smoke.stage()).isEqualTo("Test");
    }

    @Test
    void aFailedGateStopsTheReleaseButStillPublishesTheGateReports() {
        h.on("otaGate", c -> {
            throw new hudson.AbortException("OTA gates failed: bundle-size (2300 KB > 2048 KB)");
        });

        RunResult r = h.run("otaRelease", config());

        assertThat(r.result()).isEqualTo("FAILURE");
        assertThat(r.message()).contains("bundle-size");
        assertThat(r.called("junit")).isTrue();
        assertThat(r.called("recordIssues")).isTrue();
        assertThat(r.of("otaPromote")).isEmpty();
        assertThat(r.notifications()).contains("stage-failed→engineering");
    }

    @Test
    void aFailedNotificationNeverFailsTheRelease() {
        h.on("otaNotify", c -> {
            throw new java.io.IOException("webhook answered 503");
        });

        RunResult r = h.run("otaRelease", config());

        assertThat(r.result()).isEqualTo("SUCCESS");
        assertThat(r.log()).anyMatch(l -> l.contains("notification to engineering failed (webhook answered 503)"));
    }

    @Test
    void anErrorDuringTheRolloutRollsBackToo() {
        h.on("otaPromote", c -> {
            if (Integer.valueOf(50).equals(c.arg("percent"))) {
                throw new hudson.AbortException("CDN invalidation timed out");
            }
            return 41L;
        });

        RunResult r = h.run("otaRelease", config());

        assertThat(r.result()).isEqualTo("FAILURE");
        assertThat(String.valueOf(r.of("otaRollback").get(0).arg("reason"))).contains("interrupted at 25%", "CDN invalidation");
        assertThat(r.notifications()).contains("rollback→incidents");
    }

    @Test
    void aFailedFirstPromotionIsNotRolledBackBecauseProductionNeverServedIt() {
        h.on("otaPromote", c -> {
            if ("production".equals(c.arg("to"))) {
                throw new hudson.AbortException("signer unreachable");
            }
            return 41L;
        });

        RunResult r = h.run("otaRelease", config());

        assertThat(r.result()).isEqualTo("FAILURE");
        assertThat(r.message()).isEqualTo("signer unreachable");
        assertThat(r.called("otaRollback")).isFalse();
        assertThat(r.called("otaCanary")).isFalse();
        assertThat(r.notifications()).contains("stage-failed→engineering").doesNotContain("rollback→incidents");
    }

    @Test
    void aFirstReleaseHasNoBaselineAndRollsBackToPrevious() {
        PipelineHarness first = new PipelineHarness();
        first.env.put("TAG_NAME", "ota/v1.0.0");
        first.canaryVerdicts("FAIL");

        RunResult r = first.run("otaRelease", config());

        assertThat(r.of("otaCanary").get(0).arg("baselineVersion")).isNull();
        assertThat(r.of("otaRollback").get(0).arg("to")).isEqualTo("previous");
    }

    @Test
    void configErrorsNameTheKeyAndStopBeforeAnyNode() {
        assertConfigError(Map.of(), "option 'profile' is required");
        assertConfigError(config("approvers", " "), "option 'approvers' is required");
        assertConfigError(config("aprovers", "x"), "unknown option 'aprovers' (did you mean 'approvers'?)");
        assertConfigError(config("rollout", List.of(5, 50, 25, 100)), "option 'rollout' must increase step by step, but 25 follows 50");
        assertConfigError(config("rollout", List.of(5, 50)), "option 'rollout' must end at 100");
        assertConfigError(config("canaryWindow", "1 hour"), "option 'canaryWindow' must be a duration");
        assertConfigError(config("canaryEvery", "2h"), "option 'canaryEvery' (2h) must not be longer than 'canaryWindow' (1h)");
        assertConfigError(config("canaryMaxExtensions", "4"), "option 'canaryMaxExtensions' must be a Integer");
        assertConfigError(config("bundleDir", "../www"), "option 'bundleDir' must be a relative path");
        assertConfigError(config("version", "v3"), "option 'version'");
        assertConfigError(config("notifyRoutes", Map.of("rollback", List.of("pager"))), "unknown channel 'pager'");
        assertConfigError(config("smokeTestCommand", "x", "smokeTestJob", "y"), "not both");
        assertConfigError(config("urgent", "yes"), "option 'urgent' must be a Boolean");
    }

    private static void assertConfigError(Map<String, Object> cfg, String expected) {
        PipelineHarness h = new PipelineHarness();
        h.env.put("TAG_NAME", "ota/v3.4.1");
        RunResult r = h.run("otaRelease", cfg);
        assertThat(r.result()).isEqualTo("FAILURE");
        assertThat(r.failure()).isInstanceOf(hudson.AbortException.class);
        assertThat(r.message()).contains(expected);
        assertThat(r.calls()).extracting(StepCall::name).containsExactly("otaRelease", "error");
    }
}
