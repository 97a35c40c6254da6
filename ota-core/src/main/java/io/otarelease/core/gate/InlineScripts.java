package io.otarelease.core.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JavaScript inside {@code <script>} elements of an HTML page, so an {@code eval} injected into index.html is
 * checked like one in a .js file. Each script comes back padded with blanks (newlines kept) up to its place in the
 * page, so the parser's lines and columns are the page's.
 */
final class InlineScripts {
    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>(.*?)</script\\s*>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TYPE = Pattern.compile("\\btype\\s*=\\s*[\"']?([^\"'\\s>]+)",
            Pattern.CASE_INSENSITIVE);
    private static final List<String> JS_TYPES = List.of("", "module", "text/javascript", "application/javascript",
            "text/ecmascript", "application/ecmascript", "text/jsx");

    private InlineScripts() {
    }

    static List<String> extract(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = SCRIPT.matcher(html);
        while (m.find()) {
            Matcher type = TYPE.matcher(m.group(1));
            String t = type.find() ? type.group(1).toLowerCase(Locale.ROOT) : "";
            if (!JS_TYPES.contains(t) || m.group(2).isBlank()) {
                continue; // JSON data, templates, import maps: not run as code
            }
            StringBuilder code = new StringBuilder(m.end(2));
            for (int i = 0; i < m.start(2); i++) {
                code.append(html.charAt(i) == '\n' ? '\n' : ' ');
            }
            out.add(code.append(m.group(2)).toString());
        }
        return out;
    }
}
