package io.otarelease.core.gate;

import com.oracle.js.parser.TokenType;
import com.oracle.js.parser.ir.AccessNode;
import com.oracle.js.parser.ir.BinaryNode;
import com.oracle.js.parser.ir.Expression;
import com.oracle.js.parser.ir.IndexNode;
import com.oracle.js.parser.ir.LiteralNode;
import com.oracle.js.parser.ir.TemplateLiteralNode;
import java.util.List;

/**
 * What one file's syntax tree says about a value without running it: the string a constant expression folds to
 * ({@code 'ev' + 'al'}, {@code `a${'b'}`}), and the static name of a property access. Nothing is guessed: an
 * expression that is not built from literals alone has no constant value.
 */
final class JsValues {
    private JsValues() {
    }

    /** The string {@code e} always evaluates to, or null when it depends on anything but literals. */
    static String constantString(Expression e) {
        if (e instanceof LiteralNode<?> lit) {
            if (lit.isString()) {
                return lit.getString();
            }
            Object v = lit.getValue();
            return v instanceof Number || v instanceof Boolean ? String.valueOf(v) : null;
        }
        if (e instanceof TemplateLiteralNode.UntaggedTemplateLiteralNode t) {
            StringBuilder sb = new StringBuilder();
            for (Expression part : t.getExpressions()) {
                String s = constantString(part);
                if (s == null) {
                    return null;
                }
                sb.append(s);
            }
            return sb.toString();
        }
        if (e instanceof BinaryNode b && b.isTokenType(TokenType.ADD)) {
            String l = constantString(b.getLhs());
            String r = l == null ? null : constantString(b.getRhs());
            return r == null ? null : l + r;
        }
        return null;
    }

    /** True when every argument is a literal (or folds to one): code or markup fixed in the file itself. */
    static boolean allConstant(List<Expression> args) {
        for (Expression a : args) {
            if (a == null || !(constantString(a) != null || isNullish(a))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNullish(Expression e) {
        return e instanceof LiteralNode<?> lit && lit.getValue() == null && !lit.isArray();
    }

    /** The static property name of {@code a.b} or {@code a['b']} / {@code a['b' + 'c']}; null otherwise. */
    static String propertyName(Expression e) {
        if (e instanceof AccessNode access && !access.isPrivate()) {
            return access.getProperty();
        }
        if (e instanceof IndexNode index) {
            return constantString(index.getIndex());
        }
        return null;
    }

    static Expression base(Expression e) {
        if (e instanceof AccessNode access) {
            return access.getBase();
        }
        if (e instanceof IndexNode index) {
            return index.getBase();
        }
        return null;
    }

    /** {@code (0, eval)} evaluates to its last operand. */
    static Expression unwrapComma(Expression e) {
        while (e instanceof BinaryNode b && b.isTokenType(TokenType.COMMARIGHT)) {
            e = b.getRhs();
        }
        return e;
    }

    /** A string literal, a template literal, or a concatenation involving one: the no-implied-eval cases. */
    static boolean isStringLike(Expression e) {
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
