package io.otarelease.pipeline.harness;

import groovy.lang.Closure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One step call a pipeline made, with where it happened: the enclosing stage, whether it ran inside a
 * {@code node} (holding an executor) or a {@code lock}, and the virtual time (seconds slept so far).
 */
public final class StepCall {
    private final String name;
    private final Map<String, Object> named;
    private final List<Object> positional;
    private final Closure<?> body;
    private final String stage;
    private final int nodeDepth;
    private final int lockDepth;
    private final long atSeconds;

    StepCall(String name, Object[] args, String stage, int nodeDepth, int lockDepth, long atSeconds) {
        this.name = name;
        Map<String, Object> n = new LinkedHashMap<>();
        List<Object> p = new ArrayList<>();
        Closure<?> b = null;
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (i == 0 && a instanceof Map<?, ?> m) {
                m.forEach((k, v) -> n.put(String.valueOf(k), v));
            } else if (i == args.length - 1 && a instanceof Closure<?> c) {
                b = c;
            } else {
                p.add(a);
            }
        }
        this.named = Collections.unmodifiableMap(n);
        this.positional = Collections.unmodifiableList(p);
        this.body = b;
        this.stage = stage;
        this.nodeDepth = nodeDepth;
        this.lockDepth = lockDepth;
        this.atSeconds = atSeconds;
    }

    public String name() {
        return name;
    }

    /** Named arguments ({@code step(key: value)}), in the order given. */
    public Map<String, Object> named() {
        return named;
    }

    public Object arg(String key) {
        return named.get(key);
    }

    /** The single unnamed argument ({@code sh 'make'}, {@code stage('Build')}), or the first of several. */
    public Object first() {
        return positional.isEmpty() ? null : positional.get(0);
    }

    public List<Object> positional() {
        return positional;
    }

    public Closure<?> body() {
        return body;
    }

    public String stage() {
        return stage;
    }

    public boolean insideNode() {
        return nodeDepth > 0;
    }

    public boolean insideLock() {
        return lockDepth > 0;
    }

    public long atSeconds() {
        return atSeconds;
    }

    /** {@code name(positional..., key: value, ...)}, the form the traces in the tests compare. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", name + "(", ")");
        positional.forEach(p -> j.add(String.valueOf(p)));
        named.forEach((k, v) -> j.add(k + ": " + (v instanceof Closure ? "{...}" : v)));
        return j.toString();
    }
}
