package io.otarelease.core.notify;

import io.otarelease.core.OtaException;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One thing to tell people about: its type, the app, when, and the fields its template names (version, percent,
 * severity...). Creating an event checks that every field the type's template needs is there, so a message never
 * goes out with a hole in it; extra fields travel in the JSON webhook's {@code fields} for machines.
 */
public record Event(EventType type, String appId, Instant at, Map<String, String> fields) {
    private static final int MAX_VALUE = 2000;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,40}");

    public Event {
        if (appId == null || appId.isBlank()) {
            throw new OtaException.BadInput("a notification needs the app id");
        }
        TreeMap<String, String> copy = new TreeMap<>();
        for (var e : fields.entrySet()) {
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new OtaException.BadInput("notification field name \"" + e.getKey() + "\" must be letters, "
                        + "digits and _");
            }
            String v = e.getValue();
            if (v == null || v.isBlank()) {
                throw new OtaException.BadInput("notification field " + e.getKey() + " is empty");
            }
            if (v.length() > MAX_VALUE) {
                throw new OtaException.BadInput("notification field " + e.getKey() + " is longer than " + MAX_VALUE
                        + " characters");
            }
            copy.put(e.getKey(), v);
        }
        fields = Collections.unmodifiableMap(copy);
        for (String needed : Templates.of(type).fields()) {
            if (!needed.equals("appId") && !copy.containsKey(needed)) {
                throw new OtaException.BadInput("a " + type.label() + " notification needs the field " + needed
                        + " (the template " + type.label() + ".txt uses it)");
            }
        }
    }

    public static Event of(EventType type, String appId, Instant at, Map<String, String> fields) {
        return new Event(type, appId, at, fields);
    }

    /** The value of a template field: {@code appId} or one of {@link #fields()}. */
    String value(String name) {
        return name.equals("appId") ? appId : fields.get(name);
    }
}
