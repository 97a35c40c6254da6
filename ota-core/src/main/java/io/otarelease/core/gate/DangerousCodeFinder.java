package io.otarelease.core.gate;

import com.oracle.js.parser.TokenType;
import com.oracle.js.parser.ir.AccessNode;
import com.oracle.js.parser.ir.BinaryNode;
import com.oracle.js.parser.ir.CallNode;
import com.oracle.js.parser.ir.Expression;
import com.oracle.js.parser.ir.IdentNode;
import com.oracle.js.parser.ir.IndexNode;
import com.oracle.js.parser.ir.LexicalContext;
import com.oracle.js.parser.ir.LiteralNode;
import com.oracle.js.parser.ir.Node;
import com.oracle.js.parser.ir.TemplateLiteralNode;
import com.oracle.js.parser.ir.visitor.NodeVisitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Walks a syntax tree for the constructs that turn data into code or markup. Matching is on the tree, so a
 * string that contains "eval(", a method named {@code evaluate}, or reading {@code el.innerHTML} is never a
 * finding; calls through the global object ({@code window.eval}, {@code globalThis["eval"]}), indirect eval
 * ({@code (0, eval)(s)}) and optional calls ({@code eval?.(s)}) are.
 */
final class DangerousCodeFinder extends NodeVisitor<LexicalContext> {
    static final String EVAL = "js/eval";
    static final String NEW_FUNCTION = "js/new-function";
    static final String IMPLIED_EVAL = "js/implied-eval";
    static final String DOCUMENT_WRITE = "js/document-write";
    static final String HTML_ASSIGNMENT = "js/inner-html";
    static final String INSERT_ADJACENT_HTML = "js/insert-adjacent-html";
    static final String PARSE_ERROR = "js/parse-error";

    private static final Set<String> GLOBALS = Set.of("window", "globalThis", "self", "top", "parent", "frames");

    private final String path;
    private final JavaScriptParser.Parsed parsed;
    private final List<Finding> findings = new ArrayList<>();

    private DangerousCodeFinder(String path, JavaScriptParser.Parsed parsed) {
        super(new LexicalContext());
        this.path = path;
        this.parsed = parsed;
    }

    static List<Finding> find(String path, JavaScriptParser.Parsed parsed) {
        DangerousCodeFinder f = new DangerousCodeFinder(path, parsed);
        parsed.program().accept(f);
        return f.findings;
    }

    @Override
    public boolean enterCallNode(CallNode call) {
        Expression callee = unwrapComma(call.getFunction());
        String global = globalName(callee);
        if (call.isNew()) {
            if ("Function".equals(global)) {
                add(call, NEW_FUNCTION, "new Function(...) compiles a string into code");
            }
            return true;
        }
        if ("eval".equals(global)) {
            add(call, EVAL, "eval(...) runs a string as code");
        } else if ("Function".equals(global)) {
            add(call, NEW_FUNCTION, "Function(...) compiles a string into code");
        } else if (("setTimeout".equals(global) || "setInterval".equals(global) || "setImmediate".equals(global))
                && !call.getArgs().isEmpty() && isStringLike(call.getArgs().get(0))) {
            add(call, IMPLIED_EVAL, global + "(...) with a string argument runs that string as code; pass a function");
        } else {
            String method = propertyName(callee);
            if (("write".equals(method) || "writeln".equals(method)) && isDocument(base(callee))) {
                add(call, DOCUMENT_WRITE, "document." + method + "(...) writes raw markup into the page");
            } else if ("insertAdjacentHTML".equals(method)) {
                add(call, INSERT_ADJACENT_HTML, "insertAdjacentHTML(...) parses a string as markup");
            }
        }
        return true;
    }

    @Override
    public boolean enterBinaryNode(BinaryNode binary) {
        if (binary.isAssignment()) {
            String property = propertyName(binary.getLhs());
            if ("innerHTML".equals(property) || "outerHTML".equals(property)) {
                add(binary, HTML_ASSIGNMENT, "assigning " + property + " parses a string as markup; use textContent "
                        + "or build elements");
            }
        }
        return true;
    }

    private void add(Node node, String rule, String message) {
        int start = node.getStart();
        findings.add(new Finding(rule, path, parsed.line(start), parsed.column(start), message));
    }

    /** The global function a callee names: {@code eval}, {@code window.eval}, {@code globalThis["eval"]}. */
    private static String globalName(Expression callee) {
        if (callee instanceof IdentNode id) {
            return id.getName();
        }
        Expression base = base(callee);
        if (base instanceof IdentNode id && GLOBALS.contains(id.getName())) {
            return propertyName(callee);
        }
        return null;
    }

    /** The static property name of {@code a.b} or {@code a["b"]}; null for anything else. */
    private static String propertyName(Expression e) {
        if (e instanceof AccessNode access && !access.isPrivate()) {
            return access.getProperty();
        }
        if (e instanceof IndexNode index && index.getIndex() instanceof LiteralNode<?> lit && lit.isString()) {
            return lit.getString();
        }
        return null;
    }

    private static Expression base(Expression e) {
        if (e instanceof AccessNode access) {
            return access.getBase();
        }
        if (e instanceof IndexNode index) {
            return index.getBase();
        }
        return null;
    }

    private static boolean isDocument(Expression e) {
        if (e instanceof IdentNode id) {
            return id.getName().equals("document");
        }
        return "document".equals(propertyName(e)) && base(e) instanceof IdentNode id && GLOBALS.contains(id.getName());
    }

    /** {@code (0, eval)} evaluates to its last operand. */
    private static Expression unwrapComma(Expression e) {
        while (e instanceof BinaryNode b && b.isTokenType(TokenType.COMMARIGHT)) {
            e = b.getRhs();
        }
        return e;
    }

    /** A string literal, a template literal, or a concatenation involving one: the no-implied-eval cases. */
    private static boolean isStringLike(Expression e) {
        if (e instanceof LiteralNode<?> lit) {
            return lit.isString();
        }
        if (e instanceof TemplateLiteralNode) {
            return true;
        }
        if (e instanceof BinaryNode b && b.isTokenType(TokenType.ADD)) {
            return isStringLike(b.getLhs()) || isStringLike(b.getRhs());
        }
        return false;
    }
}
