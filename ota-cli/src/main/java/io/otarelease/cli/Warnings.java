package io.otarelease.cli;

import java.io.PrintWriter;
import java.util.List;

final class Warnings {
    private Warnings() {
    }

    static void sourceMaps(PrintWriter err, List<String> maps) {
        if (!maps.isEmpty()) {
            err.printf("warning: %d source map(s) left out of the manifest (first: %s); move them out of the "
                    + "bundle: devices refuse unlisted files and the gate refuses source maps%n", maps.size(), maps.get(0));
            err.flush();
        }
    }
}
