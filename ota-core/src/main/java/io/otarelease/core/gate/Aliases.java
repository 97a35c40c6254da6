package io.otarelease.core.gate;

import static io.otarelease.core.gate.JsValues.base;
import static io.otarelease.core.gate.JsValues.constantString;
import static io.otarelease.core.gate.JsValues.propertyName;
import static io.otarelease.core.gate.JsValues.unwrapComma;

import com.oracle.js.parser.ir.BinaryNode;
import com.oracle.js.parser.ir.CallNode;
import com.oracle.js.parser.ir.Expression;
import com.oracle.js.parser.ir.FunctionNode;
import com.oracle.js.parser.ir.IdentNode;
import com.oracle.js.parser.ir.LexicalContext;
import com.oracle.js.parser.ir.VarNode;
import com.oracle.js.parser.ir.visitor.NodeVisitor;
import com.oracle.js.parser.ir.Scope;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The simple aliases of one file: variables given {@code eval}, {@code Function}, a string timer, the global
 * object, {@code document} or a new script element ({@code var e = eval}, {@code const g = window},
 * {@code s = document.createElement('script')}). Tracked per declaration in source order: a variable that once
 * holds {@code eval} is taken to hold it everywhere in its scope, which errs towards a finding; the same short name
 * declared in another function of a minified file is another variable.
 */
final class Aliases extends NodeVisitor<LexicalContext> {
    static final String GLOBAL_OBJECT = "globalThis";
    static final String DOCUMENT = "document";
    static final String SCRIPT_ELEMENT = "<script>";

    private static final Set<String> GLOBAL_OBJECTS = Set.of("window", "globalThis", "self", "top", "parent",
            "frames");
    private static final Set<String> TRACKED = Set.of("eval", "Function", "setTimeout", "setInterval",
            "setImmediate", GLOBAL_OBJECT, DOCUMENT, SCRIPT_ELEMENT);

    /** Per declaring scope (the global object's for undeclared names: key null), variable name to target. */
    private final Map<Scope, Map<String, String>> byScope = new IdentityHashMap<>();

    private Aliases() {
        super(new LexicalContext());
    }

    static Aliases of(JavaScriptParser.Parsed parsed) {
        Aliases a = new Aliases();
        parsed.program().accept(a);
        return a;
    }

    @Override
    public boolean enterVarNode(VarNode v) {
        if (v.getInit() != null && v.getName() != null) {
            track(v.getName().getName(), v.getInit(), lc.getCurrentScope());
        }
        return true;
    }

    @Override
    public boolean enterBinaryNode(BinaryNode b) {
        if (b.isTokenType(com.oracle.js.parser.TokenType.ASSIGN) && b.getLhs() instanceof IdentNode id) {
            track(id.getName(), b.getRhs(), lc.getCurrentScope());
        }
        return true;
    }

    private void track(String name, Expression value, Scope at) {
        String target = resolve(value, at);
        if (target == null && isCreateScript(value)) {
            target = SCRIPT_ELEMENT;
        }
        if (target != null && TRACKED.contains(target) && !target.equals(name)) {
            byScope.computeIfAbsent(declaringScope(name, at), k -> new HashMap<>()).put(name, target);
        }
    }

    private String alias(String name, Scope at) {
        Map<String, String> names = byScope.get(declaringScope(name, at));
        return names == null ? null : names.get(name);
    }

    /** The scope that declares {@code name} as seen from {@code at}; null for a global. */
    private static Scope declaringScope(String name, Scope at) {
        for (Scope s = at; s != null; s = s.getParent()) {
            if (s.hasSymbol(name)) {
                return s.isGlobalScope() ? null : s;
            }
        }
        return null;
    }

    /**
     * The global a callee or value names: {@code eval}, {@code window.eval}, {@code self['ev' + 'al']}, an alias,
     * or {@code Function} for a constructor chain ({@code [].constructor.constructor},
     * {@code (() => {}).constructor}); {@link #GLOBAL_OBJECT} for the global object itself. Null for anything else.
     */
    String resolve(Expression e, Scope at) {
        e = e == null ? null : unwrapComma(e);
        if (e instanceof IdentNode id) {
            String name = id.getName();
            String alias = alias(name, at);
            return alias != null ? alias : GLOBAL_OBJECTS.contains(name) ? GLOBAL_OBJECT : name;
        }
        String property = propertyName(e);
        if (property == null) {
            return null;
        }
        Expression base = unwrapComma(base(e));
        if (property.equals("constructor")) {
            if (base instanceof FunctionNode || propertyName(base) != null && propertyName(base).equals("constructor")
                    || "Function".equals(resolve(base, at)) || "Function.prototype".equals(resolve(base, at))) {
                return "Function";
            }
            return null;
        }
        String owner = resolve(base, at);
        if (GLOBAL_OBJECT.equals(owner)) {
            return GLOBAL_OBJECTS.contains(property) ? GLOBAL_OBJECT : property;
        }
        if ("Function".equals(owner) && property.equals("prototype")) {
            return "Function.prototype";
        }
        return null;
    }

    boolean isDocument(Expression e, Scope at) {
        return e != null && DOCUMENT.equals(resolve(e, at));
    }

    boolean isScriptElement(Expression e, Scope at) {
        return e instanceof IdentNode id && SCRIPT_ELEMENT.equals(alias(id.getName(), at)) || isCreateScript(e);
    }

    /** {@code document.createElement('script')} (any case), also through an alias of document. */
    private boolean isCreateScript(Expression e) {
        return e instanceof CallNode call && !call.getArgs().isEmpty()
                && "createElement".equals(propertyName(unwrapComma(call.getFunction())))
                && "script".equalsIgnoreCase(String.valueOf(constantString(call.getArgs().get(0))));
    }
}
