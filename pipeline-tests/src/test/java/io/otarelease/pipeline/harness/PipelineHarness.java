package io.otarelease.pipeline.harness;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.Script;
import hudson.AbortException;
import hudson.model.Result;
import io.otarelease.core.incident.Incident;
import io.otarelease.core.incident.Runbook;
import io.otarelease.jenkins.IncidentFlow;
import io.otarelease.core.report.Rollup;
import io.otarelease.jenkins.ChannelRollback;
import io.otarelease.jenkins.PointerRefresh;
import io.otarelease.jenkins.ProductionPromotion;
import io.otarelease.jenkins.WeeklyRollup;
import io.otarelease.jenkins.RunGates;
import io.otarelease.jenkins.StageBundle;
import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.Rollback;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.runtime.InvokerInvocationException;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.TimeoutStepExecution;
import org.jenkinsci.plugins.workflow.support.steps.input.Rejection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A small pipeline test harness on the Groovy Jenkins runs pipelines on (2.4.21). It loads the library as
 * Jenkins does — {@code src/} as Groovy sources on the class path, each {@code vars/<name>.groovy} as a script
 * whose {@code call} is the global variable, {@code com.cloudbees.groovy.cps.*} imported — binds every Jenkins
 * and plugin step the library uses as a recorder, and runs a var. Scenarios replace a step's behaviour with
 * {@link #on}. A step the harness does not know fails the run, so a new step call never goes unnoticed.
 *
 * The plugin steps answer what the real steps return, built by the plugin's own classes
 * ({@link Promoter.Result}, {@link RunGates.Outcome}, {@link StageBundle.Outcome}). Interruptions have
 * the real exception's semantics: a {@link FlowInterruptedException} without a message, what happened in its
 * causes ({@link Rejection} for a rejected input, {@link TimeoutStepExecution.ExceededTimeout} for a timeout that
 * fired).
 *
 * What it does not do: CPS transformation and serialization (the CodeNarc Jenkins rules cover those), real
 * Jenkins step semantics beyond what each default handler states.
 */
public final class PipelineHarness {

    public static final Path REPO = Path.of(System.getProperty("ota.repoRoot", "..")).toAbsolutePath().normalize();

    /** Steps that wait (for a person or for time): a timeout that fires interrupts the first one in its body. */
    private static final List<String> WAITING_STEPS = List.of("input", "sleep", "waitUntil");

    private static final List<String> RESULT_ORDER = List.of("SUCCESS", "UNSTABLE", "FAILURE", "NOT_BUILT", "ABORTED");

    public final Map<String, Object> env = new LinkedHashMap<>();
    public final Map<String, Object> params = new LinkedHashMap<>();
    public final Map<String, Object> currentBuild = new LinkedHashMap<>();
    /** What the {@code otaRegistry} step answers (maps with version and status). */
    public final List<Map<String, Object>> registry = new ArrayList<>();

    /** Compiled once per JVM: the library's classes hold no mutable static state, and scripts get a fresh instance. */
    private static GroovyClassLoader loader;
    private static Map<String, Class<?>> varClasses;

    private final Binding binding = new Binding();
    private final Map<String, StepHandler> handlers = new HashMap<>();
    private final Map<String, Script> vars = new HashMap<>();
    private final List<StepCall> calls = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final Deque<String> stages = new ArrayDeque<>();
    private int nodeDepth;
    private int lockDepth;
    private int expiringTimeouts;
    private Predicate<StepCall> timeoutExpires = c -> false;
    private long clockSeconds;
    private long sequence = 40;

    public PipelineHarness() {
        compileLibrary();
        env.put("BUILD_NUMBER", "42");
        env.put("BUILD_URL", "https://ci.example/job/app/42/");
        binding.setVariable("env", env);
        binding.setVariable("params", params);
        binding.setVariable("currentBuild", currentBuild);
        binding.setVariable("scm", Map.of("type", "GitSCM"));
        registerJenkinsSteps();
        registerPluginSteps();
        loadVars();
    }

    /** A class of the library's {@code src/}, compiled from source as Jenkins does. */
    public Class<?> srcClass(String simpleName) {
        try {
            return loader.loadClass("io.otarelease.pipeline." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Calls a static method of a {@code src/} class, unwrapping what it throws. */
    public Object callStatic(String simpleName, String method, Object... args) {
        try {
            return InvokerHelper.invokeStaticMethod(srcClass(simpleName), method, args);
        } catch (RuntimeException e) {
            throw unwrapRuntime(e);
        }
    }

    /** Replaces what step {@code name} does. */
    public PipelineHarness on(String name, StepHandler handler) {
        if (!handlers.containsKey(name)) {
            throw new IllegalArgumentException("unknown step " + name);
        }
        handlers.put(name, handler);
        return this;
    }

    /** {@code otaCanary} answers these verdicts in order (the last one repeats), with the given severity for FAIL. */
    public PipelineHarness canaryVerdicts(String... verdicts) {
        List<String> queue = new ArrayList<>(Arrays.asList(verdicts));
        return on("otaCanary", c -> {
            String v = queue.size() > 1 ? queue.remove(0) : queue.get(0);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("verdict", v);
            out.put("severity", v.equals("FAIL") ? "SEV-1" : "none");
            out.put("kpis", Map.of("crash_free_sessions", v.equals("FAIL") ? "97.1" : "99.8"));
            return out;
        });
    }

    /** Runs global variable {@code var} with {@code config} as a build would, and gives the build's outcome. */
    public RunResult run(String var, Map<String, Object> config) {
        Throwable failure = null;
        try {
            dispatch(var, config == null ? new Object[0] : new Object[] {config});
        } catch (Throwable t) {
            failure = unwrap(t);
        }
        String result = (String) currentBuild.getOrDefault("result", "SUCCESS");
        if (failure != null) {
            String implied = failure instanceof FlowInterruptedException f ? String.valueOf(f.getResult()) : "FAILURE";
            result = worse(result, implied);
        }
        currentBuild.put("result", result);
        return new RunResult(result, failure, List.copyOf(calls), List.copyOf(log));
    }

    /** Calls global variable {@code var} and gives what it returns; what it throws propagates (unwrapped). */
    @SuppressWarnings("unchecked")
    public <T> T callVar(String var, Map<String, Object> config) {
        try {
            return (T) dispatch(var, new Object[] {config});
        } catch (RuntimeException e) {
            throw unwrapRuntime(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public List<StepCall> calls() {
        return List.copyOf(calls);
    }

    Object dispatch(String name, Object[] args) throws Exception {
        StepHandler handler = handlers.get(name);
        if (handler == null) {
            throw new IllegalStateException("the library called step '" + name + "', which the harness does not know");
        }
        StepCall call = new StepCall(name, args, stages.peek(), nodeDepth, lockDepth, clockSeconds);
        calls.add(call);
        if (expiringTimeouts > 0 && WAITING_STEPS.contains(name)) {
            // the time runs out while this step waits: Jenkins interrupts it with the timeout's cause
            throw new FlowInterruptedException(Result.ABORTED, new TimeoutStepExecution.ExceededTimeout());
        }
        return handler.handle(call);
    }

    private static synchronized void compileLibrary() {
        if (loader != null) {
            return;
        }
        CompilerConfiguration config = new CompilerConfiguration();
        config.setSourceEncoding("UTF-8");
        ImportCustomizer imports = new ImportCustomizer();
        imports.addStarImports("com.cloudbees.groovy.cps");
        config.addCompilationCustomizers(imports);
        GroovyClassLoader l = new GroovyClassLoader(PipelineHarness.class.getClassLoader(), config);
        l.addClasspath(REPO.resolve("src").toString());
        Map<String, Class<?>> classes = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(REPO.resolve("vars"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".groovy")).sorted().collect(Collectors.toList())) {
                String name = file.getFileName().toString().replaceFirst("\\.groovy$", "");
                classes.put(name, l.parseClass(Files.readString(file, StandardCharsets.UTF_8), name + ".groovy"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        varClasses = classes;
        loader = l;
    }

    private void loadVars() {
        try {
            for (Map.Entry<String, Class<?>> var : varClasses.entrySet()) {
                String name = var.getKey();
                Script script = (Script) var.getValue().getDeclaredConstructor().newInstance();
                script.setBinding(binding);
                vars.put(name, script);
                handlers.put(name, c -> vars.get(name).invokeMethod("call", argsOf(c)));
                binding.setVariable(name, new StepClosure(this, name));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object[] argsOf(StepCall c) {
        List<Object> out = new ArrayList<>();
        if (!c.named().isEmpty()) {
            out.add(new LinkedHashMap<>(c.named()));
        }
        out.addAll(c.positional());
        if (c.body() != null) {
            out.add(c.body());
        }
        return out.toArray();
    }

    private void step(String name, StepHandler handler) {
        handlers.put(name, handler);
        binding.setVariable(name, new StepClosure(this, name));
    }

    private void registerJenkinsSteps() {
        step("stage", c -> {
            stages.push(String.valueOf(c.first()));
            try {
                return c.body().call();
            } finally {
                stages.pop();
            }
        });
        step("node", c -> {
            nodeDepth++;
            try {
                return c.body().call();
            } finally {
                nodeDepth--;
            }
        });
        step("lock", c -> {
            lockDepth++;
            try {
                return c.body().call();
            } finally {
                lockDepth--;
            }
        });
        step("timeout", c -> {
            boolean expires = timeoutExpires.test(c);
            if (expires) {
                expiringTimeouts++;
            }
            try {
                return c.body().call();
            } finally {
                if (expires) {
                    expiringTimeouts--;
                }
            }
        });
        step("withEnv", c -> {
            Map<String, Object> saved = new LinkedHashMap<>(env);
            for (Object pair : (List<?>) c.first()) {
                String[] kv = String.valueOf(pair).split("=", 2);
                env.put(kv[0], kv[1]);
            }
            try {
                return c.body().call();
            } finally {
                env.clear();
                env.putAll(saved);
            }
        });
        step("echo", c -> {
            log.add(String.valueOf(c.first()));
            return null;
        });
        step("error", c -> {
            throw new AbortException(String.valueOf(c.first()));
        });
        step("sleep", c -> {
            long amount = ((Number) c.arg("time")).longValue();
            clockSeconds += TimeUnit.valueOf(String.valueOf(c.named().getOrDefault("unit", "SECONDS"))).toSeconds(amount);
            return null;
        });
        step("sh", c -> Boolean.TRUE.equals(c.arg("returnStdout")) ? "0\n" : Boolean.TRUE.equals(c.arg("returnStatus")) ? 0 : null);
        step("input", c -> c.arg("submitterParameter") != null ? "alice" : null);
        step("build", c -> Map.of("result", "SUCCESS"));
        step("libraryResource", c -> Files.readString(REPO.resolve("resources").resolve(String.valueOf(c.first()))));
        for (String recordOnly : List.of("milestone", "checkout", "archiveArtifacts", "junit", "recordIssues", "properties",
                "mail", "emailext")) {
            step(recordOnly, c -> null);
        }
        // symbols that build arguments for other steps: their value is the named map, tagged with the symbol
        for (String symbol : List.of("parameters", "choice", "string", "booleanParam", "sarif", "disableConcurrentBuilds",
                "pipelineTriggers", "cron")) {
            step(symbol, c -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("$symbol", symbol);
                out.putAll(c.named());
                if (!c.positional().isEmpty()) {
                    out.put("value", c.first());
                }
                return out;
            });
        }
    }

    private void registerPluginSteps() {
        step("otaSign", c -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("version", c.arg("version"));
            out.put("bundleHash", "sha256:" + "ab".repeat(32));
            out.put("keyId", "ota-2026-a");
            out.put("algorithm", "ECDSA_SHA_256");
            out.put("fileCount", 5);
            out.put("totalBytes", 52_011L);
            return out;
        });
        step("otaGate", c -> new RunGates.Outcome(true, List.of(), new ArrayList<>(), new ArrayList<>(),
                "all gates passed").toMap());
        step("otaPromote", c -> {
            String version = String.valueOf(c.arg("version"));
            if ("staging".equals(c.arg("to"))) {
                return new StageBundle.Outcome("com.example.shop", version, "sha256:" + "ab".repeat(32), 5, 5,
                        52_011L, false, "s3://ota-staging/apps").toMap();
            }
            Percent percent = Percent.of(((Number) c.arg("percent")).intValue(), "percent");
            boolean urgent = Boolean.TRUE.equals(c.arg("urgent"));
            return ProductionPromotion.toMap(new Promoter.Result("com.example.shop", "production", version, percent,
                    urgent, ++sequence, 5, true, currentOf(version), null, Duration.ofMillis(950)));
        });
        step("otaCanary", c -> null);
        canaryVerdicts("PASS");
        step("otaRollback", c -> {
            String from = registry.stream().filter(e -> "canary".equals(e.get("status")) || "current".equals(e.get("status")))
                    .map(e -> String.valueOf(e.get("version"))).findFirst().orElse("unknown");
            String to = "previous".equals(c.arg("to")) ? "3.4.0" : String.valueOf(c.arg("to"));
            String channel = String.valueOf(c.named().getOrDefault("channel", "production"));
            return ChannelRollback.toMap(new Rollback.Result("com.example.shop", channel, to, from, ++sequence,
                    Duration.ofMillis(420), null, Duration.ofMillis(1830)));
        });
        step("otaRefresh", c -> {
            Instant now = Instant.parse("2026-03-29T14:00:00Z");
            ChannelPointer p = new ChannelPointer("com.example.shop", String.valueOf(c.arg("channel")), ++sequence,
                    now, now.plus(Duration.ofDays(90)), new ChannelPointer.Current("3.4.1", "sha256:" + "ab".repeat(32),
                    null, 100, "salt-0001"), null);
            return new PointerRefresh.Result("com.example.shop", p, true, now).toMap();
        });
        step("otaIncident", c -> {
            String action = String.valueOf(c.arg("action"));
            String version = String.valueOf(c.named().getOrDefault("version", "3.4.1"));
            String id = action.equals("open") ? "INC-20260329-1400-" + version : String.valueOf(c.arg("id"));
            String severity = String.valueOf(c.named().getOrDefault("severity", "SEV-2"));
            Instant at = Instant.parse("2026-03-29T14:00:00Z");
            Incident i = new Incident(id, "com.example.shop", "production", version,
                    action.equals("rolledBack") ? Incident.MITIGATED : Incident.OPEN, at, "jenkins",
                    String.valueOf(c.arg("summary")), String.valueOf(c.arg("impact")),
                    Runbook.forSeverity(severity, "jenkins"), (String) c.arg("target"), Map.of(), List.of(), List.of());
            return IncidentFlow.summary(i);
        });
        step("otaReport", c -> new WeeklyRollup.Result("com.example.shop", LocalDate.parse("2026-03-23"),
                LocalDate.parse("2026-03-29"), new Rollup("OTA weekly: com.example.shop 2026-03-23 to 2026-03-29",
                        List.of(new Rollup.Section("INCIDENTS", List.of(new Rollup.Line("INC-20260325-1000-3.4.1 SEV-2",
                                "", 1)))), List.of("incident records in s3://ota-production/apps"))).toMap());
        step("otaAdoption", c -> {
            // what AdoptionCheck.toMap returns, for 25% after 1 h, 85% after 24 h, 93% after 72 h
            List<Map<String, Object>> readings = new ArrayList<>();
            double[][] milestones = {{1, 20, 25}, {24, 80, 85}, {72, 95, 93}};
            for (double[] m : milestones) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("after", (long) m[0] + " h");
                r.put("targetPercent", m[1]);
                r.put("at", "2026-03-29T14:00:00Z");
                r.put("percent", m[2]);
                r.put("met", m[2] >= m[1]);
                readings.add(r);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("version", c.arg("version"));
            out.put("releasedAt", "2026-03-29T14:00:00Z");
            out.put("releaseFound", true);
            out.put("nowPercent", 93.0);
            out.put("readings", readings);
            return out;
        });
        step("otaRegistry", c -> registry.stream().map(LinkedHashMap::new).collect(Collectors.toList()));
        step("otaNotify", c -> null);
    }

    /** Adds a registry entry. */
    public PipelineHarness registryEntry(String version, String status) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("version", version);
        e.put("status", status);
        registry.add(e);
        return this;
    }

    /** The {@code timeout} calls for which {@code expires} holds run out of time while their body waits. */
    public PipelineHarness timeoutsExpire(Predicate<StepCall> expires) {
        this.timeoutExpires = expires;
        return this;
    }

    /** The version the registry holds as current, other than {@code except}. */
    private String currentOf(String except) {
        return registry.stream().filter(e -> "current".equals(e.get("status")) && !except.equals(e.get("version")))
                .map(e -> String.valueOf(e.get("version"))).findFirst().orElse(null);
    }

    /** A step handler that rejects, as a person pressing Abort on an input does (pipeline-input-step's exception). */
    public static StepHandler rejects(String by) {
        return c -> {
            throw new FlowInterruptedException(Result.ABORTED, new Rejection(by));
        };
    }

    /** A handler answering by a function of the call. */
    public static StepHandler answering(Function<StepCall, Object> f) {
        return f::apply;
    }

    private static String worse(String a, String b) {
        return RESULT_ORDER.indexOf(a) >= RESULT_ORDER.indexOf(b) ? a : b;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof InvokerInvocationException || cur instanceof InvocationTargetException)
                && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    private static RuntimeException unwrapRuntime(RuntimeException e) {
        Throwable u = unwrap(e);
        return u instanceof RuntimeException r ? r : e;
    }

    /** The outcome of one run: build result, what failed it, every step call and the echo log. */
    public record RunResult(String result, Throwable failure, List<StepCall> calls, List<String> log) {

        /** The calls to the named steps, in order. */
        public List<StepCall> of(String... names) {
            List<String> wanted = Arrays.asList(names);
            return calls.stream().filter(c -> wanted.contains(c.name())).collect(Collectors.toList());
        }

        /** {@link StepCall#toString()} of the calls to the named steps, in order. */
        public List<String> trace(String... names) {
            return of(names).stream().map(StepCall::toString).collect(Collectors.toList());
        }

        public String message() {
            return failure == null ? null : failure.getMessage();
        }

        /** Whether this run called {@code name} at all. */
        public boolean called(String name) {
            return calls.stream().anyMatch(c -> c.name().equals(name));
        }

        /** The notifications sent, as "event→channel". */
        public List<String> notifications() {
            return of("otaNotify").stream().map(c -> c.arg("event") + "→" + c.arg("channel")).collect(Collectors.toList());
        }
    }

}
