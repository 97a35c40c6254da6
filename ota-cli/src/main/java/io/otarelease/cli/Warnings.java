package io.otarelease.cli;

import io.otarelease.core.bundle.BundleScanner;
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

    /** One line: which of Cordova's platform files were left out, and why that is safe. */
    static void platformFiles(PrintWriter err, List<String> files) {
        if (!files.isEmpty()) {
            err.println("warning: " + BundleScanner.platformFilesNote(files));
            err.flush();
        }
    }
}
