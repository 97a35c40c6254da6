package io.otarelease.core.fleet;

import io.otarelease.core.OtaException;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the simulated app behaves on each bundle version: the probability that a session crashes, that the page
 * fails to start at all (it never calls ready, so readiness reverts it), a JS error per session and an API error per
 * call. Versions not named behave healthily (the operations guide's good figures).
 */
public record Behaviour(Map<String, Double> crashRates, Map<String, Double> startFailureRates, double crashRate,
                        double jsErrorRate, double apiErrorRate, int apiCallsPerSession) {
    public static Behaviour healthy() {
        return new Behaviour(Map.of(), Map.of(), 0.002, 0.001, 0.01, 5);
    }

    public Behaviour {
        crashRates = Map.copyOf(crashRates);
        startFailureRates = Map.copyOf(startFailureRates);
    }

    public Behaviour withCrashRate(String version, double rate) {
        Map<String, Double> m = new TreeMap<>(crashRates);
        m.put(version, check(rate, "--crash-rate " + version));
        return new Behaviour(m, startFailureRates, crashRate, jsErrorRate, apiErrorRate, apiCallsPerSession);
    }

    public Behaviour withStartFailureRate(String version, double rate) {
        Map<String, Double> m = new TreeMap<>(startFailureRates);
        m.put(version, check(rate, "--start-failure-rate " + version));
        return new Behaviour(crashRates, m, crashRate, jsErrorRate, apiErrorRate, apiCallsPerSession);
    }

    double crashRate(String version) {
        return crashRates.getOrDefault(version, crashRate);
    }

    double startFailureRate(String version) {
        return startFailureRates.getOrDefault(version, 0.0);
    }

    /** Parses {@code VERSION=RATE} where RATE is a fraction (0.03) or a percentage (3%). */
    public static Map.Entry<String, Double> parseRate(String spec, String option) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new OtaException.BadInput(option + " \"" + spec + "\" must be VERSION=RATE, e.g. 1.2.0=0.03 or 1.2.0=3%");
        }
        String v = spec.substring(0, eq);
        String r = spec.substring(eq + 1).trim();
        double rate;
        try {
            rate = r.endsWith("%") ? Double.parseDouble(r.substring(0, r.length() - 1)) / 100 : Double.parseDouble(r);
        } catch (NumberFormatException e) {
            throw new OtaException.BadInput(option + " \"" + spec + "\": \"" + r + "\" is not a rate like 0.03 or 3%");
        }
        return Map.entry(v, check(rate, option + " " + v));
    }

    private static double check(double rate, String what) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new OtaException.BadInput(what + " must be between 0 and 1 (or 0% and 100%) but is " + rate);
        }
        return rate;
    }
}
