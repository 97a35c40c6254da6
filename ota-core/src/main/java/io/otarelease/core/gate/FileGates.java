package io.otarelease.core.gate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The gates that read the bundle's files: size, dangerous JavaScript and source maps. */
final class FileGates {
    static final String SIZE_TOTAL = "size/total";
    static final String SIZE_FILE = "size/file";
    static final String MAP_FILE = "source-map/file";
    static final String MAP_COMMENT = "source-map/comment";

    private static final Pattern SOURCE_MAPPING_URL = Pattern.compile("[#@]\\s*sourceMappingURL\\s*=");

    private FileGates() {
    }

    static GateResult size(BundleContent bundle, GatePolicy.Size policy) {
        long total = bundle.files().stream().mapToLong(BundleContent.File::size).sum();
        long maxTotal = policy.maxTotalKb() * 1024;
        long maxFile = policy.maxFileKb() * 1024;
        List<Finding> findings = new ArrayList<>();
        if (total > maxTotal) {
            findings.add(new Finding(SIZE_TOTAL, ".", 0, 0, String.format("the bundle is %s, over the limit of %d KB",
                    kb(total), policy.maxTotalKb())));
        }
        List<BundleContent.File> bySize = new ArrayList<>(bundle.files());
        bySize.sort(Comparator.comparingLong(BundleContent.File::size).reversed()
                .thenComparing(BundleContent.File::path));
        for (BundleContent.File f : bySize) {
            if (f.size() <= maxFile) {
                break;
            }
            findings.add(new Finding(SIZE_FILE, f.path(), 0, 0, String.format("%s is %s, over the per-file limit of "
                    + "%d KB", f.path(), kb(f.size()), policy.maxFileKb())));
        }
        List<String> details = new ArrayList<>();
        if (!findings.isEmpty()) {
            details.add("largest files:");
            bySize.stream().limit(policy.listLargest())
                    .forEach(f -> details.add(String.format("  %10s  %s", kb(f.size()), f.path())));
        }
        String summary = String.format("%s in %d files (limit %d KB, per file %d KB)", kb(total),
                bundle.files().size(), policy.maxTotalKb(), policy.maxFileKb());
        return GateResult.of("size", summary, findings, details);
    }

    static String kb(long bytes) {
        return String.format("%.1f KB", bytes / 1024.0);
    }

    /** The javascript rules whose level a policy sets (javascript.severity); a parse error always fails. */
    static final Set<String> JAVASCRIPT_LEVELLED_RULES = javascriptLevelledRules();

    private static Set<String> javascriptLevelledRules() {
        Set<String> rules = new TreeSet<>();
        for (String rule : DangerousCodeFinder.SINK_RULES) {
            rules.add(rule);
            rules.add(rule + DangerousCodeFinder.CONSTANT);
        }
        rules.add(UndefinedGlobals.RULE);
        return Set.copyOf(rules);
    }

    static GateResult javascript(BundleContent bundle, GatePolicy.JavaScript policy) {
        List<Finding> findings = new ArrayList<>();
        List<UndefinedGlobals.Uses> uses = new ArrayList<>();
        int parsed = 0;
        // pages first: a <script src> naming a file without a JavaScript extension makes that file JavaScript
        Set<String> scriptSources = new HashSet<>();
        for (BundleContent.File f : bundle.files()) {
            String ext = BundleContent.extension(f.path());
            if (!ext.equals("html") && !ext.equals("htm") && !ext.equals("svg")) {
                continue;
            }
            String text = bundle.text(f);
            if (text == null) {
                findings.add(notText(f));
                continue;
            }
            parsed++;
            HtmlCode.Page page = ext.equals("svg") ? HtmlCode.readSvg(text) : HtmlCode.read(text);
            findings.addAll(HtmlCode.check(f.path(), page, (path, code) -> check(path, code, uses)));
            for (String src : page.scriptSources()) {
                String path = HtmlCode.resolve(f.path(), src);
                if (path != null) {
                    scriptSources.add(path);
                }
            }
        }
        for (BundleContent.File f : bundle.files()) {
            if (!policy.extensions().contains(BundleContent.extension(f.path())) && !scriptSources.contains(f.path())) {
                continue;
            }
            String text = bundle.text(f);
            if (text == null) {
                findings.add(notText(f));
                continue;
            }
            parsed++;
            findings.addAll(check(f.path(), text, uses));
        }
        findings.addAll(UndefinedGlobals.findings(uses, policy.globals()));
        List<Finding> levelled = new ArrayList<>();
        for (Finding f : findings) {
            switch (policy.level(f.rule())) {
                case ERROR -> levelled.add(f);
                case WARNING -> levelled.add(f.asWarning());
                case OFF -> { }
            }
        }
        long warnings = levelled.stream().filter(Finding::warning).count();
        String platform = bundle.platformFiles().isEmpty() ? ""
                : " (" + bundle.platformFiles().size() + " Cordova platform files not scanned: the app serves them)";
        return GateResult.of("javascript", parsed + " JavaScript and HTML files parsed and checked, " + warnings
                + " warnings" + platform, levelled, List.of());
    }

    private static Finding notText(BundleContent.File f) {
        return new Finding(DangerousCodeFinder.PARSE_ERROR, f.path(), 0, 0,
                "is not text; a file that cannot be read cannot be checked");
    }

    /** The findings of one file or inline script; what it defines and uses is added to {@code uses}. */
    private static List<Finding> check(String path, String code, List<UndefinedGlobals.Uses> uses) {
        try {
            JavaScriptParser.Parsed parsed = JavaScriptParser.parse(path, code);
            uses.add(UndefinedGlobals.scan(path, parsed));
            return DangerousCodeFinder.find(path, parsed);
        } catch (JavaScriptParser.SyntaxError e) {
            return List.of(new Finding(DangerousCodeFinder.PARSE_ERROR, path, e.line, e.column,
                    "cannot be parsed, so it cannot be checked: " + e.getMessage()));
        } catch (StackOverflowError e) {
            // the parser and the walk recurse per nesting level; a file nested this deep is refused, not a crash
            return List.of(new Finding(DangerousCodeFinder.PARSE_ERROR, path, 0, 0,
                    "is nested too deeply to be parsed, so it cannot be checked"));
        }
    }

    static GateResult sourceMaps(BundleContent bundle) {
        List<Finding> findings = new ArrayList<>();
        for (String map : bundle.sourceMapFiles()) {
            findings.add(new Finding(MAP_FILE, map, 0, 0, "source maps stay on the build runner; remove " + map
                    + " from the bundle"));
        }
        for (BundleContent.File f : bundle.files()) {
            String ext = BundleContent.extension(f.path());
            if (!(ext.equals("js") || ext.equals("mjs") || ext.equals("cjs") || ext.equals("css"))) {
                continue;
            }
            String text = bundle.text(f);
            if (text == null) {
                continue;
            }
            Matcher m = SOURCE_MAPPING_URL.matcher(text);
            while (m.find()) {
                if (isInComment(text, m.start())) {
                    int[] lc = BundleContent.lineColumn(text, m.start());
                    findings.add(new Finding(MAP_COMMENT, f.path(), lc[0], lc[1], "sourceMappingURL comment points "
                            + "devices at a source map; build without it (e.g. devtool: 'hidden-source-map')"));
                }
            }
        }
        return GateResult.of("source-maps", bundle.sourceMapFiles().size() + " map files, "
                + findings.stream().filter(x -> x.rule().equals(MAP_COMMENT)).count() + " sourceMappingURL comments",
                findings, List.of());
    }

    /** The annotation counts only after {@code //} or {@code /*} on its line, as browsers read it. */
    private static boolean isInComment(String text, int at) {
        int lineStart = text.lastIndexOf('\n', at) + 1;
        String before = text.substring(lineStart, at).stripTrailing();
        return before.endsWith("//") || before.endsWith("/*");
    }
}
