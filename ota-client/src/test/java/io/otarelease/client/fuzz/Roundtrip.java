package io.otarelease.client.fuzz;

/** The property every document with a canonical writer keeps: parse(write(x)) equals x. */
final class Roundtrip {
    private Roundtrip() {
    }

    static void check(Object parsed, Object reparsed) {
        if (!parsed.equals(reparsed)) {
            throw new IllegalStateException("canonical form changes the document: " + parsed + " became " + reparsed);
        }
    }
}
