package hudson;

import java.io.IOException;

/** Test stand-in with the upstream type's hierarchy: what the {@code error} step throws (a message, no trace). */
public class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException(String message) {
        super(message);
    }
}
