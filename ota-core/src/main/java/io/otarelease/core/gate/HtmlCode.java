package io.otarelease.core.gate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.CDataNode;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.Range;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;

/**
 * Every place an HTML page runs JavaScript, found by parsing the page as a browser does (jsoup implements the HTML
 * standard's tokenizer and tree builder, so {@code </script foo>}, {@code data-type} or an unquoted attribute end
 * a script or name an attribute exactly where a browser says): classic and module scripts, {@code on*}
 * event-handler attributes, {@code javascript:} URLs in any attribute, {@code data:} script sources and the pages
 * inside {@code srcdoc}; SVG files the same way, parsed as XML. Each piece keeps the page's line and column, so
 * a finding points into the HTML file.
 */
final class HtmlCode {
    /** How the browser compiles a piece: a script, or the body of an event-handler function. */
    enum Kind { SCRIPT, HANDLER }

    /** A piece of JavaScript, where it starts in the page (1-based), and what the page calls it. */
    record Snippet(String code, Kind kind, int line, int column, String where) {
    }

    /** The page's code, and the {@code src} of its external scripts as written. */
    record Page(List<Snippet> snippets, List<String> scriptSources) {
    }

    /**
     * The HTML standard's "JavaScript MIME type essence" strings: a script whose type (or {@code "text/" +
     * language}) is one of these, {@code module}, or empty runs as JavaScript. {@code text/jsx} and
     * {@code text/babel} are compiled and run by in-page transpilers, so they are code too.
     */
    private static final Set<String> JS_TYPES = Set.of("application/ecmascript", "application/javascript",
            "application/x-ecmascript", "application/x-javascript", "text/ecmascript", "text/javascript",
            "text/javascript1.0", "text/javascript1.1", "text/javascript1.2", "text/javascript1.3",
            "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript",
            "text/x-javascript", "module", "text/jsx", "text/babel");

    /** The wrapper that makes a handler's body a function body, as the browser compiles it. */
    private static final String HANDLER_START = "(function (event) {\n";

    private HtmlCode() {
    }

    static Page read(String html) {
        return read(Parser.htmlParser().setTrackPosition(true).parseInput(html, ""));
    }

    /** An SVG file, parsed as the XML it is to a browser: its scripts (CDATA or not) and handlers run too. */
    static Page readSvg(String xml) {
        return read(Parser.xmlParser().setTrackPosition(true).parseInput(xml, ""));
    }

    private static Page read(Document doc) {
        List<Snippet> snippets = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (Element e : doc.getAllElements()) {
            String name = e.normalName();
            if ((name.equals("script") || name.endsWith(":script")) && isJavaScript(e)) {
                script(e, snippets, sources);
            }
            for (Attribute a : e.attributes()) {
                attribute(e, a, snippets, sources);
            }
        }
        return new Page(snippets, sources);
    }

    private static void script(Element e, List<Snippet> snippets, List<String> sources) {
        if (e.hasAttr("src")) {
            String src = e.attr("src").strip();
            String data = dataUrlScript(src);
            if (data != null) {
                int[] at = place(e.attributes().sourceRange("src").valueRange().start(), e);
                snippets.add(new Snippet(data, Kind.SCRIPT, at[0], at[1], "<script src=data:>"));
            } else if (!src.isEmpty()) {
                sources.add(src);
            }
        }
        for (Node child : e.childNodes()) {
            String code = child instanceof DataNode data ? data.getWholeData()
                    : child instanceof TextNode text ? text.getWholeText() : null; // XML: text and CDATA
            if (code != null && !code.isBlank()) {
                int[] at = place(child.sourceRange().start(), e);
                int skip = child instanceof CDataNode && at[0] > 0 ? "<![CDATA[".length() : 0;
                snippets.add(new Snippet(code, Kind.SCRIPT, at[0], at[1] + skip, "<script>"));
            }
        }
    }

    private static void attribute(Element e, Attribute a, List<Snippet> snippets, List<String> sources) {
        String name = a.getKey().toLowerCase(Locale.ROOT);
        String value = a.getValue();
        int[] at = place(e.attributes().sourceRange(a.getKey()).valueRange().start(), e);
        String where = "the " + name + " attribute of <" + e.normalName() + ">";
        if (name.length() > 2 && name.startsWith("on") && name.chars().allMatch(Character::isLetter)
                && !value.isBlank()) {
            snippets.add(new Snippet(value, Kind.HANDLER, at[0], at[1], where));
        }
        String script = javascriptUrl(value);
        if (script != null && !name.startsWith("on")) { // in a handler, "javascript:" is a label
            snippets.add(new Snippet(script, Kind.SCRIPT, at[0], at[1], "a javascript: URL in " + where));
        }
        if (name.equals("srcdoc")) {
            // about:srcdoc pages resolve URLs against their parent page, so their sources are the parent's
            Page inner = read(value);
            for (Snippet s : inner.snippets()) {
                boolean known = at[0] > 0 && s.line() > 0;
                snippets.add(new Snippet(s.code(), s.kind(), known ? at[0] + s.line() - 1 : 0,
                        !known ? 0 : s.line() == 1 ? at[1] + s.column() - 1 : s.column(),
                        s.where() + " inside " + where));
            }
            sources.addAll(inner.scriptSources());
        }
    }

    /**
     * Line and column of a parsed position; for what the parser moved (a second {@code <body onload>} is merged
     * into the first body) the element's own start, else 0 and 0 (unknown).
     */
    private static int[] place(Range.Position p, Element e) {
        Range.Position at = p.isTracked() ? p : e.sourceRange().start();
        return at.isTracked() ? new int[] {at.lineNumber(), at.columnNumber()} : new int[] {0, 0};
    }

    /** The browser's "script block's type string": type, else "text/" + language, else JavaScript. */
    private static boolean isJavaScript(Element script) {
        String type;
        if (script.hasAttr("type")) {
            type = script.attr("type");
        } else if (script.hasAttr("language") && !script.attr("language").isEmpty()) {
            type = "text/" + script.attr("language");
        } else {
            return true;
        }
        type = type.strip().toLowerCase(Locale.ROOT);
        int params = type.indexOf(';'); // not run by the standard, but by older engines: checked, to be safe
        return type.isEmpty() || JS_TYPES.contains(params < 0 ? type : type.substring(0, params).strip());
    }

    /**
     * The script a {@code javascript:} URL runs, or null. The URL parser drops leading and trailing C0 controls
     * and spaces and every tab and newline ({@code jav&#9;ascript:} is still one), then the script is
     * percent-decoded.
     */
    static String javascriptUrl(String value) {
        String url = urlClean(value);
        if (!url.regionMatches(true, 0, "javascript:", 0, 11)) {
            return null;
        }
        return percentDecode(url.substring(11));
    }

    /** The script of a {@code data:} URL with a JavaScript MIME type, or null. */
    static String dataUrlScript(String value) {
        String url = urlClean(value);
        int comma = url.indexOf(',');
        if (!url.regionMatches(true, 0, "data:", 0, 5) || comma < 0) {
            return null;
        }
        String meta = url.substring(5, comma).toLowerCase(Locale.ROOT);
        boolean base64 = meta.endsWith(";base64");
        String body = percentDecode(url.substring(comma + 1));
        if (!base64) {
            return body;
        }
        try {
            return new String(Base64.getMimeDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return body; // not base64 after all: checked as it is, so it fails to parse rather than pass unseen
        }
    }

    private static String urlClean(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && value.charAt(end - 1) <= ' ') {
            end--;
        }
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Percent-decoding as the URL standard does it: a malformed escape stays as it is. */
    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    /**
     * Checks every piece of a page with {@code checker} (path, code to findings) and moves its findings to the
     * page's lines and columns, naming the attribute or element they came from.
     */
    static List<Finding> check(String path, Page page, BiFunction<String, String, List<Finding>> checker) {
        List<Finding> out = new ArrayList<>();
        for (Snippet s : page.snippets()) {
            boolean handler = s.kind() == Kind.HANDLER;
            String code = handler ? HANDLER_START + s.code() + "\n})" : s.code();
            int shift = handler ? 1 : 0;
            for (Finding f : checker.apply(path, code)) {
                int line = f.line();
                int column = f.column();
                if (s.line() <= 0) {
                    line = 0;
                    column = 0;
                } else if (line > shift) {
                    int local = line - shift;
                    column = local == 1 && column > 0 ? s.column() + column - 1 : column;
                    line = s.line() + local - 1;
                } else {
                    line = s.line();
                    column = s.column();
                }
                out.add(new Finding(f.rule(), f.path(), line, column, f.message() + " (in " + s.where() + ")",
                        f.level(), f.allowedBy()));
            }
        }
        return out;
    }

    /**
     * The bundle path a script's {@code src} names, relative to the page at {@code pagePath}; null for a URL
     * outside the bundle (another scheme or host).
     */
    static String resolve(String pagePath, String src) {
        String s = src;
        int cut = indexOfAny(s, "?#");
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        if (s.isEmpty() || s.startsWith("//") || s.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return null;
        }
        s = percentDecode(s.replace('\\', '/'));
        String base = s.startsWith("/") ? "" : pagePath.substring(0, pagePath.lastIndexOf('/') + 1);
        List<String> parts = new ArrayList<>();
        for (String seg : (base + s).split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(seg);
            }
        }
        return String.join("/", parts);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
