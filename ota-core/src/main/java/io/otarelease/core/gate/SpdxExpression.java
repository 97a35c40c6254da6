package io.otarelease.core.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SPDX license expression (SPDX 2.3, annex D): identifiers, {@code +}, {@code WITH}, {@code AND}, {@code OR}
 * and parentheses, with WITH binding tighter than AND, and AND tighter than OR. {@link #allowed} asks whether a
 * recipient can comply while avoiding every forbidden license: OR offers a choice, AND imposes both.
 */
public abstract sealed class SpdxExpression {
    private SpdxExpression() {
    }

    /** Whether some way of complying with this expression avoids every license in {@code forbidden}. */
    public abstract boolean allowed(List<String> forbidden);

    public static SpdxExpression parse(String text) {
        Parser p = new Parser(tokens(text));
        SpdxExpression e = p.or();
        if (p.pos != p.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + p.tokens.get(p.pos) + "'");
        }
        return e;
    }

    static final class License extends SpdxExpression {
        final String id;

        License(String id) {
            this.id = id;
        }

        @Override
        public boolean allowed(List<String> forbidden) {
            String key = family(id);
            return forbidden.stream().noneMatch(f -> family(f).equals(key));
        }

        /** GPL-3.0, GPL-3.0-only, GPL-3.0-or-later and GPL-3.0+ are one license family for this question. */
        static String family(String id) {
            String s = id.toUpperCase(Locale.ROOT);
            if (s.endsWith("+")) {
                s = s.substring(0, s.length() - 1);
            }
            for (String suffix : List.of("-ONLY", "-OR-LATER")) {
                if (s.endsWith(suffix)) {
                    s = s.substring(0, s.length() - suffix.length());
                }
            }
            return s;
        }
    }

    static final class Both extends SpdxExpression {
        final SpdxExpression left;
        final SpdxExpression right;

        Both(SpdxExpression left, SpdxExpression right) {
            this.left = left;
            this.right = right;
        }

        @Override
        public boolean allowed(List<String> forbidden) {
            return left.allowed(forbidden) && right.allowed(forbidden);
        }
    }

    static final class Either extends SpdxExpression {
        final SpdxExpression left;
        final SpdxExpression right;

        Either(SpdxExpression left, SpdxExpression right) {
            this.left = left;
            this.right = right;
        }

        @Override
        public boolean allowed(List<String> forbidden) {
            return left.allowed(forbidden) || right.allowed(forbidden);
        }
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                while (i < text.length() && isIdChar(text.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("unexpected character '" + c + "'");
                }
                out.add(text.substring(start, i));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty expression");
        }
        return out;
    }

    private static boolean isIdChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '+' || c == ':';
    }

    private static final class Parser {
        final List<String> tokens;
        int pos;

        Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        SpdxExpression or() {
            SpdxExpression e = and();
            while (operator("OR")) {
                e = new Either(e, and());
            }
            return e;
        }

        SpdxExpression and() {
            SpdxExpression e = with();
            while (operator("AND")) {
                e = new Both(e, with());
            }
            return e;
        }

        SpdxExpression with() {
            SpdxExpression e = primary();
            if (operator("WITH")) {
                String exception = next("a license exception id after WITH");
                if (isOperator(exception) || exception.equals("(") || exception.equals(")")) {
                    throw new IllegalArgumentException("expected a license exception id after WITH, found '"
                            + exception + "'");
                }
                // an exception grants extra permissions; it never removes the license it qualifies
            }
            return e;
        }

        SpdxExpression primary() {
            String t = next("a license id or '('");
            if (t.equals("(")) {
                SpdxExpression e = or();
                String close = next("')'");
                if (!close.equals(")")) {
                    throw new IllegalArgumentException("expected ')', found '" + close + "'");
                }
                return e;
            }
            if (t.equals(")") || isOperator(t)) {
                throw new IllegalArgumentException("expected a license id, found '" + t + "'");
            }
            if (t.indexOf('+') >= 0 && t.indexOf('+') != t.length() - 1) {
                throw new IllegalArgumentException("'+' may only end a license id: '" + t + "'");
            }
            return new License(t);
        }

        private boolean operator(String op) {
            if (pos < tokens.size() && (tokens.get(pos).equals(op) || tokens.get(pos).equals(op.toLowerCase(Locale.ROOT)))) {
                pos++;
                return true;
            }
            return false;
        }

        private static boolean isOperator(String t) {
            return List.of("AND", "OR", "WITH", "and", "or", "with").contains(t);
        }

        private String next(String expected) {
            if (pos >= tokens.size()) {
                throw new IllegalArgumentException("expected " + expected + " at the end");
            }
            return tokens.get(pos++);
        }
    }
}
