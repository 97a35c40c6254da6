package io.otarelease.core.gate;

import com.oracle.js.parser.ErrorManager;
import com.oracle.js.parser.Parser;
import com.oracle.js.parser.ParserException;
import com.oracle.js.parser.ScriptEnvironment;
import com.oracle.js.parser.Source;
import com.oracle.js.parser.ir.FunctionNode;

/**
 * Parses JavaScript with GraalJS's parser (the one the GraalJS engine runs, ES2015 through ES2022 and later:
 * classes with private fields and static blocks, async/await, optional chaining, BigInt, modules, top-level
 * await). Why this parser and not Rhino, Nashorn or Closure: see docs/gates.md, "Why GraalJS's parser".
 *
 * <p>A file is parsed as a classic script first (what Cordova bundles load with {@code <script>}), then as an ES
 * module; it fails only when both fail, and then with the error that got furthest into the file.
 */
final class JavaScriptParser {
    /** A parsed file, with the source kept to turn offsets into lines and columns. */
    record Parsed(FunctionNode program, Source source) {
        int line(int offset) {
            return source.getLine(offset);
        }

        int column(int offset) {
            return source.getColumn(offset) + 1;
        }
    }

    /** A file that is not JavaScript we can read; line and column are 1-based. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        SyntaxError(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    private static final ScriptEnvironment ENV = ScriptEnvironment.builder()
            .ecmaScriptVersion(ScriptEnvironment.ES_2026) // the newest finished edition; proposals are not accepted
            .allowBigInt(true)
            .classFields(true)
            .privateFieldsIn(true)
            .topLevelAwait(true)
            .importAttributes(true)
            .annexB(true) // what browsers accept in sloppy scripts (HTML comments, legacy octal escapes)
            .shebang(true) // a first line "#!/usr/bin/env node" (ES2023)
            .build();

    private JavaScriptParser() {
    }

    static Parsed parse(String name, String code) throws SyntaxError {
        Source source = Source.sourceFor(name, code);
        ParserException scriptError;
        try {
            return new Parsed(new Parser(ENV, source, new ErrorManager.ThrowErrorManager()).parse(), source);
        } catch (ParserException e) {
            scriptError = e;
        }
        try {
            return new Parsed(new Parser(ENV, source, new ErrorManager.ThrowErrorManager()).parseModule(name), source);
        } catch (ParserException moduleError) {
            ParserException worst = moduleError.getPosition() > scriptError.getPosition() ? moduleError : scriptError;
            throw new SyntaxError(firstLine(worst.getRawMessage()), source.getLine(worst.getPosition()),
                    source.getColumn(worst.getPosition()) + 1);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
