package io.otarelease.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.oracle.js.parser.Parser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs after package with GraalJS's own jars off the class path (see the pom), so the gate tests beside it use this
 * module's jar. This test proves that: the parser comes from the slim jar and the rest of GraalJS is absent.
 */
class SlimParserJarIT {
    @Test
    void theParserComesFromTheSlimJarAndTheJavaScriptEngineIsAbsent() throws Exception {
        Path from = Path.of(Parser.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(from.getFileName().toString()).startsWith("ota-js-parser-").endsWith(".jar");
        // the engine GraalJS runs scripts with, never needed to parse them
        assertThatThrownBy(() -> Class.forName("com.oracle.truffle.js.runtime.JSRealm"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void parsesModernSyntaxAndTheGateFindsWhatItLooksFor() throws Exception {
        String code = "import x from './x.js';\n"
                + "export class A { #p = 1; static { this.q = 2n; } async *m(b) { for await (const c of b) {"
                + " yield c?.d ?? eval(c); } } }\n"
                + "const re = /(?<year>\\d{4})/v; el.innerHTML = `${x}`;\n";
        List<Finding> findings = DangerousCodeFinder.find("m.mjs", JavaScriptParser.parse("m.mjs", code));
        assertThat(findings).extracting(Finding::rule).containsExactlyInAnyOrder("js/eval", "js/inner-html");
    }
}
