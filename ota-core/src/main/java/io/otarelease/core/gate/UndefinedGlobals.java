package io.otarelease.core.gate;

import com.oracle.js.parser.TokenType;
import com.oracle.js.parser.ir.BinaryNode;
import com.oracle.js.parser.ir.ClassElement;
import com.oracle.js.parser.ir.ExportSpecifierNode;
import com.oracle.js.parser.ir.FunctionNode;
import com.oracle.js.parser.ir.IdentNode;
import com.oracle.js.parser.ir.ImportNode;
import com.oracle.js.parser.ir.LexicalContext;
import com.oracle.js.parser.ir.PropertyNode;
import com.oracle.js.parser.ir.Scope;
import com.oracle.js.parser.ir.Symbol;
import com.oracle.js.parser.ir.TryNode;
import com.oracle.js.parser.ir.UnaryNode;
import com.oracle.js.parser.ir.WithNode;
import com.oracle.js.parser.ir.visitor.NodeVisitor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ESLint's {@code no-undef} over a whole bundle: a global name the code reads or calls that no file of the bundle
 * defines and that is not a known global (the browser's and the language's, from the {@code globals} npm package,
 * plus Cordova's and the policy's {@code javascript.globals}) is a missing import that throws a ReferenceError
 * when that line runs. A file defines globals by its top-level declarations when it is a classic script, by
 * assigning an undeclared name, or by {@code window.name = ...}. Like {@code no-undef}, {@code typeof name} is
 * not a use; beyond it, a name the same file tests with {@code typeof} anywhere counts as guarded in that file
 * (UMD wrappers test {@code typeof module} before using {@code module.exports}).
 */
final class UndefinedGlobals extends NodeVisitor<LexicalContext> {
    static final String RULE = "js/undefined-global";
    static final Set<String> KNOWN = readKnown();

    /** What one file defines and which undeclared names it uses, for the bundle-wide check. */
    record Uses(String path, Set<String> defines, List<Use> uses) {
    }

    record Use(String name, int line, int column) {
    }

    private final Set<String> defines = new HashSet<>();
    private final Set<String> guarded = new HashSet<>();
    /** First offset of each undeclared, unknown name; lines and columns are worked out for these few only. */
    private final Map<String, Integer> firstUse = new LinkedHashMap<>();
    private final Set<IdentNode> notReferences = Collections.newSetFromMap(new IdentityHashMap<>());
    private int withDepth;
    private int tryDepth;

    private UndefinedGlobals() {
        super(new LexicalContext());
    }

    static Uses scan(String path, JavaScriptParser.Parsed parsed) {
        UndefinedGlobals u = new UndefinedGlobals();
        FunctionNode program = parsed.program();
        if (!program.isModule()) {
            for (Symbol s : program.getBody().getScope().getSymbols()) {
                u.defines.add(s.getName());
            }
        }
        program.accept(u);
        List<Use> unguarded = new ArrayList<>();
        u.firstUse.forEach((name, offset) -> {
            if (!u.guarded.contains(name)) {
                unguarded.add(new Use(name, parsed.line(offset), parsed.column(offset)));
            }
        });
        return new Uses(path, Set.copyOf(u.defines), unguarded);
    }

    /** The uses no file defines and no list knows, one finding per name and file (its first use). */
    static List<Finding> findings(List<Uses> files, Set<String> extraGlobals) {
        Set<String> defined = new HashSet<>(KNOWN);
        defined.addAll(extraGlobals);
        files.forEach(f -> defined.addAll(f.defines()));
        List<Finding> out = new ArrayList<>();
        for (Uses f : files) {
            Set<String> reported = new HashSet<>();
            for (Use u : f.uses()) {
                if (!defined.contains(u.name()) && reported.add(u.name())) {
                    out.add(new Finding(RULE, f.path(), u.line(), u.column(), "'" + u.name() + "' is not defined in "
                            + "the bundle nor a known global: a missing import or script throws a ReferenceError "
                            + "here; add it, or list it in the policy's javascript.globals"));
                }
            }
        }
        return out;
    }

    @Override
    public boolean enterIdentNode(IdentNode id) {
        if (withDepth > 0 || tryDepth > 0 || notReferences.contains(id) || id.isThis() || id.isSuper()
                || id.isMetaProperty() || id.isNewTarget() || id.isImportMeta() || id.isInternal()
                || id.isPropertyName()) {
            return false;
        }
        String name = id.getName();
        if (!KNOWN.contains(name) && !firstUse.containsKey(name) && !name.equals("arguments") && !declared(name)) {
            firstUse.put(name, id.getStart());
        }
        return false;
    }

    /** Declared in an enclosing scope, or the name of an enclosing function expression. */
    private boolean declared(String name) {
        for (Scope s = lc.getCurrentScope(); s != null; s = s.getParent()) {
            if (s.hasSymbol(name)) {
                return true;
            }
        }
        for (Iterator<FunctionNode> it = lc.getFunctions(); it.hasNext();) {
            IdentNode ident = it.next().getIdent();
            if (ident != null && name.equals(ident.getName())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean enterUnaryNode(UnaryNode u) {
        if (u.isTokenType(TokenType.TYPEOF) && u.getExpression() instanceof IdentNode id) {
            guarded.add(id.getName());
            return false;
        }
        return true;
    }

    @Override
    public boolean enterBinaryNode(BinaryNode b) {
        if (b.isTokenType(TokenType.ASSIGN)) {
            if (b.getLhs() instanceof IdentNode id && !declared(id.getName())) {
                defines.add(id.getName()); // sloppy-mode assignment creates the global
                notReferences.add(id);
            } else if (Aliases.GLOBAL_OBJECT.equals(globalOwner(b.getLhs()))) {
                defines.add(JsValues.propertyName(b.getLhs()));
            }
        }
        return true;
    }

    private static String globalOwner(com.oracle.js.parser.ir.Expression lhs) {
        return JsValues.propertyName(lhs) != null && JsValues.base(lhs) instanceof IdentNode base
                && Set.of("window", "globalThis", "self").contains(base.getName()) ? Aliases.GLOBAL_OBJECT : null;
    }

    @Override
    public boolean enterPropertyNode(PropertyNode p) {
        if (!p.isComputed() && p.getKey() instanceof IdentNode key && p.getValue() != key) {
            notReferences.add(key);
        }
        return true;
    }

    @Override
    public boolean enterClassElement(ClassElement e) {
        if (!e.isComputed() && e.getKey() instanceof IdentNode key) {
            notReferences.add(key);
        }
        return true;
    }

    @Override
    public boolean enterWithNode(WithNode w) {
        w.getExpression().accept(this);
        withDepth++; // inside with (o) a name may be a property of o: nothing to say about it
        w.getBody().accept(this);
        withDepth--;
        return false;
    }

    @Override
    public boolean enterTryNode(TryNode t) {
        tryDepth++; // a ReferenceError in a try block is caught: feature detection, not a crash
        t.getBody().accept(this);
        tryDepth--;
        t.getCatchBlocks().forEach(c -> c.accept(this));
        if (t.getFinallyBody() != null) {
            t.getFinallyBody().accept(this);
        }
        return false;
    }

    @Override
    public boolean enterImportNode(ImportNode i) {
        return false;
    }

    @Override
    public boolean enterExportSpecifierNode(ExportSpecifierNode e) {
        return false;
    }

    private static Set<String> readKnown() {
        try (InputStream in = UndefinedGlobals.class.getResourceAsStream("known-globals.txt")) {
            if (in == null) {
                throw new IllegalStateException("known-globals.txt is missing from the ota-core jar");
            }
            Set<String> names = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.strip());
                }
            }
            return Set.copyOf(names);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in known-globals.txt", e);
        }
    }
}
