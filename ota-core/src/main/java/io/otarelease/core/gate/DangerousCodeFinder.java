package io.otarelease.core.gate;

import static io.otarelease.core.gate.JsValues.allConstant;
import static io.otarelease.core.gate.JsValues.base;
import static io.otarelease.core.gate.JsValues.constantString;
import static io.otarelease.core.gate.JsValues.isStringLike;
import static io.otarelease.core.gate.JsValues.propertyName;
import static io.otarelease.core.gate.JsValues.unwrapComma;

import com.oracle.js.parser.ir.BinaryNode;
import com.oracle.js.parser.ir.CallNode;
import com.oracle.js.parser.ir.Expression;
import com.oracle.js.parser.ir.IdentNode;
import com.oracle.js.parser.ir.LexicalContext;
import com.oracle.js.parser.ir.LiteralNode;
import com.oracle.js.parser.ir.Node;
import com.oracle.js.parser.ir.ObjectNode;
import com.oracle.js.parser.ir.PropertyNode;
import com.oracle.js.parser.ir.visitor.NodeVisitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Walks a syntax tree for the constructs that turn data into code or markup. Matching is on the tree, so a
 * string that contains "eval(", a method named {@code evaluate}, or reading {@code el.innerHTML} is never a
 * finding. What one file shows statically is followed: calls through the global object ({@code window.eval},
 * {@code window['ev' + 'al']}), aliases ({@code var e = eval}), {@code .call}/{@code .apply}/{@code Reflect},
 * constructor chains ({@code [].constructor.constructor}), indirect and optional calls. A sink whose code or
 * markup argument is made of literals only is reported under the rule id with {@code -constant} appended, which
 * the default policy makes a warning: the file itself fixes what runs, no input reaches it.
 */
final class DangerousCodeFinder extends NodeVisitor<LexicalContext> {
    static final String EVAL = "js/eval";
    static final String NEW_FUNCTION = "js/new-function";
    static final String IMPLIED_EVAL = "js/implied-eval";
    static final String DOCUMENT_WRITE = "js/document-write";
    static final String HTML_ASSIGNMENT = "js/inner-html";
    static final String INSERT_ADJACENT_HTML = "js/insert-adjacent-html";
    static final String HTML_PARSE = "js/html-parse";
    static final String SCRIPT_TEXT = "js/script-text";
    static final String DYNAMIC_IMPORT = "js/dynamic-import";
    static final String PARSE_ERROR = "js/parse-error";
    static final String CONSTANT = "-constant";

    /** The rules with a {@code -constant} twin, for the policy's list of known rule ids. */
    static final List<String> SINK_RULES = List.of(EVAL, NEW_FUNCTION, IMPLIED_EVAL, DOCUMENT_WRITE,
            HTML_ASSIGNMENT, INSERT_ADJACENT_HTML, HTML_PARSE, SCRIPT_TEXT, DYNAMIC_IMPORT);

    private static final Set<String> HTML_PROPERTIES = Set.of("innerHTML", "outerHTML", "srcdoc");
    private static final Set<String> SCRIPT_TEXT_PROPERTIES = Set.of("text", "textContent", "innerText");

    private final String path;
    private final JavaScriptParser.Parsed parsed;
    private final Aliases aliases;
    private final List<Finding> findings = new ArrayList<>();

    private DangerousCodeFinder(String path, JavaScriptParser.Parsed parsed, Aliases aliases) {
        super(new LexicalContext());
        this.path = path;
        this.parsed = parsed;
        this.aliases = aliases;
    }

    /**
     * The findings of one piece of code: a file, or a script taken out of an HTML page and padded so that the
     * parser's lines and columns are the page's. {@code path} is what the findings name.
     */
    static List<Finding> find(String path, JavaScriptParser.Parsed parsed) {
        DangerousCodeFinder f = new DangerousCodeFinder(path, parsed, Aliases.of(parsed));
        parsed.program().accept(f);
        return f.findings;
    }

    @Override
    public boolean enterCallNode(CallNode call) {
        if (call.isImport()) {
            checkImport(call);
            return true;
        }
        Expression callee = unwrapComma(call.getFunction());
        List<Expression> args = call.getArgs();
        String target = aliases.resolve(callee, lc.getCurrentScope());
        String method = propertyName(callee);
        if (target == null && ("apply".equals(method) || "construct".equals(method))
                && base(callee) instanceof IdentNode r && r.getName().equals("Reflect") && !args.isEmpty()) {
            // Reflect.apply(eval, null, [s]), Reflect.construct(Function, [s])
            target = aliases.resolve(args.get(0), lc.getCurrentScope());
            args = spread(args, "apply".equals(method) ? 2 : 1);
        } else if (target == null && ("call".equals(method) || "apply".equals(method))) {
            // eval.call(null, s), Function.apply(null, [s])
            target = aliases.resolve(base(callee), lc.getCurrentScope());
            args = "call".equals(method) ? tail(args, 1) : spread(args, 1);
        }
        if (target != null && checkCode(call, target, args)) {
            return true;
        }
        checkMarkupCall(call, callee, method, args);
        return true;
    }

    /** eval, Function and string timers; true when {@code target} is one of them. */
    private boolean checkCode(CallNode call, String target, List<Expression> args) {
        switch (target) {
            case "eval" -> add(call, EVAL, args.isEmpty() ? List.of() : args.subList(0, 1), "eval(...) runs a string "
                    + "as code");
            case "Function" -> add(call, NEW_FUNCTION, args, (call.isNew() ? "new " : "") + "Function(...) compiles a "
                    + "string into code");
            case "setTimeout", "setInterval", "setImmediate" -> {
                if (!args.isEmpty() && args.get(0) != null && isStringLike(args.get(0))) {
                    add(call, IMPLIED_EVAL, args.subList(0, 1), target + "(...) with a string argument runs that "
                            + "string as code; pass a function");
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void checkMarkupCall(CallNode call, Expression callee, String method, List<Expression> args) {
        if (method == null) {
            return;
        }
        switch (method) {
            case "write", "writeln" -> {
                if (aliases.isDocument(base(callee), lc.getCurrentScope())) {
                    add(call, DOCUMENT_WRITE, args, "document." + method + "(...) writes raw markup into the page");
                }
            }
            case "insertAdjacentHTML" -> add(call, INSERT_ADJACENT_HTML, tail(args, 1), "insertAdjacentHTML(...) "
                    + "parses a string as markup");
            case "createContextualFragment" -> add(call, HTML_PARSE, args, "createContextualFragment(...) parses a "
                    + "string as markup, and its scripts run once inserted");
            case "parseFromString" -> {
                String type = args.size() < 2 ? null : constantString(args.get(1));
                if (!"text/xml".equals(type) && !"application/xml".equals(type)) { // plain XML makes no HTML nodes
                    add(call, HTML_PARSE, args.isEmpty() ? args : args.subList(0, 1), "DOMParser.parseFromString(...) "
                            + "parses a string as markup; its nodes carry handlers once adopted");
                }
            }
            case "setAttribute" -> {
                String name = args.isEmpty() ? null : constantString(args.get(0));
                if (name != null && name.equalsIgnoreCase("srcdoc")) {
                    add(call, HTML_ASSIGNMENT, tail(args, 1), "setAttribute('srcdoc', ...) loads a string as a page");
                }
            }
            case "assign" -> { // Object.assign(el, {innerHTML: s})
                if (base(callee) instanceof IdentNode o && o.getName().equals("Object")) {
                    for (Expression source : tail(args, 1)) {
                        checkObjectOfHtmlProperties(source);
                    }
                }
            }
            default -> {
            }
        }
    }

    private void checkObjectOfHtmlProperties(Expression source) {
        if (!(source instanceof ObjectNode object)) {
            return;
        }
        for (PropertyNode p : object.getElements()) {
            String key = p.getKeyName();
            if (key != null && HTML_PROPERTIES.contains(key) && p.getValue() != null) {
                add(p, HTML_ASSIGNMENT, List.of(p.getValue()), "Object.assign(..., {" + key + "}) parses a string "
                        + "as markup; use textContent or build elements");
            }
        }
    }

    /** {@code import(x)}: a module from a data: or blob: URL, or from a URL computed at run time. */
    private void checkImport(CallNode call) {
        if (call.getArgs().isEmpty()) {
            return;
        }
        String url = constantString(call.getArgs().get(0));
        if (url == null) {
            add(call, DYNAMIC_IMPORT, call.getArgs().subList(0, 1), "import(...) of a URL computed at run time "
                    + "loads code the bundle does not contain; import a fixed path");
        } else {
            String scheme = url.strip().toLowerCase(Locale.ROOT);
            if (scheme.startsWith("data:") || scheme.startsWith("blob:") || scheme.startsWith("javascript:")) {
                add(call, DYNAMIC_IMPORT, null, "import(...) of a " + scheme.substring(0, scheme.indexOf(':'))
                        + ": URL runs code written into a string; ship it as a module file");
            }
        }
    }

    @Override
    public boolean enterBinaryNode(BinaryNode binary) {
        if (binary.isAssignment()) {
            Expression lhs = binary.getLhs();
            String property = propertyName(lhs);
            if (property != null && HTML_PROPERTIES.contains(property)) {
                add(binary, HTML_ASSIGNMENT, List.of(binary.getRhs()), "assigning " + property + " parses a string "
                        + "as markup; use textContent or build elements");
            } else if (property != null && SCRIPT_TEXT_PROPERTIES.contains(property)
                    && aliases.isScriptElement(base(lhs), lc.getCurrentScope())) {
                add(binary, SCRIPT_TEXT, List.of(binary.getRhs()), "setting the " + property + " of a script "
                        + "element runs that string as code once the element is inserted; load a file instead");
            }
        }
        return true;
    }

    /** A finding of {@code rule}, or of its -constant twin when every argument that carries code is a literal. */
    private void add(Node node, String rule, List<Expression> codeArgs, String message) {
        boolean constant = codeArgs != null && allConstant(codeArgs); // null: the construct is never benign
        int start = node.getStart();
        findings.add(new Finding(constant ? rule + CONSTANT : rule, path, parsed.line(start), parsed.column(start),
                constant ? message + " (a constant written in the file)" : message));
    }

    private static List<Expression> tail(List<Expression> args, int from) {
        return args.size() <= from ? List.of() : args.subList(from, args.size());
    }

    /** The elements of an array literal at {@code args[at]}; anything else stands for unknown arguments. */
    private static List<Expression> spread(List<Expression> args, int at) {
        if (args.size() <= at) {
            return List.of();
        }
        if (args.get(at) instanceof LiteralNode<?> lit && lit.isArray()) {
            return lit.getElementExpressions();
        }
        List<Expression> unknown = new ArrayList<>();
        unknown.add(null); // allConstant and the timer check read null as "not known to be a literal"
        return unknown;
    }
}
