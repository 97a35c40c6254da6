package io.otarelease.core.serve;

/** The parts of RFC 9110 ranges and entity tags a store server needs: one byte range, strong ETag matching. */
final class Ranges {
    /** An inclusive byte range. */
    record Range(long first, long last) {
    }

    static final Range UNSATISFIABLE = new Range(-1, -1);

    private Ranges() {
    }

    /**
     * Parses {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} against a body of {@code length} bytes.
     * Returns null for anything else (several ranges, another unit, garbage): the whole body is then sent, which
     * RFC 9110 allows; returns {@link #UNSATISFIABLE} when the range starts past the end.
     */
    static Range parse(String header, long length) {
        String h = header.trim();
        if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
            return null;
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return null;
                }
                long n = Long.parseLong(b);
                if (n <= 0) {
                    return UNSATISFIABLE;
                }
                return length == 0 ? UNSATISFIABLE : new Range(Math.max(0, length - n), length - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? length - 1 : Math.min(Long.parseLong(b), length - 1);
            if (first < 0 || (!b.isEmpty() && Long.parseLong(b) < first)) {
                return null;
            }
            if (first >= length) {
                return UNSATISFIABLE;
            }
            return new Range(first, last);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether an {@code If-None-Match} list names {@code etag} (or is {@code *}); weak tags compare weakly. */
    static boolean matchesAny(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String t : ifNoneMatch.split(",")) {
            String tag = t.trim();
            if (tag.equals("*") || tag.equals(etag) || (tag.startsWith("W/") && tag.substring(2).equals(etag))) {
                return true;
            }
        }
        return false;
    }
}
