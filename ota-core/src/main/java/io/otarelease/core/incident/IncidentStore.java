package io.otarelease.core.incident;

import io.otarelease.client.json.JsonException;
import io.otarelease.core.OtaException;
import io.otarelease.core.store.Body;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.StoreConflictException;
import io.otarelease.core.store.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Incident records in the production store, beside the registry and the audit log:
 * {@code <appId>/incidents/<id>.json}. A new record is written only if its key is free ({@code If-None-Match});
 * changes replace it only if nobody changed it since it was read ({@code If-Match}), re-reading and re-applying
 * otherwise, so two people updating one incident never lose each other's timeline entries.
 */
public final class IncidentStore {
    private static final Pattern ID = Pattern.compile("INC-[0-9]{8}-[0-9]{4}-[0-9A-Za-z._+-]{1,64}(-[0-9]{1,3})?");
    private static final int MAX_ATTEMPTS = 20;
    private final Store store;
    private final String appId;

    public IncidentStore(Store store, String appId) {
        this.store = store;
        this.appId = appId;
    }

    public String prefix() {
        return appId + "/incidents/";
    }

    public String key(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new OtaException.BadInput("\"" + id + "\" is not an incident id like INC-20260329-1400-3.4.1");
        }
        return prefix() + id + ".json";
    }

    public String url() {
        return store.url();
    }

    /** Writes a new record; when its id is taken (two incidents in one minute), the next free {@code -2}, {@code -3}... */
    public Incident create(Incident incident) {
        for (int n = 1; n <= 100; n++) {
            String id = n == 1 ? incident.id() : incident.id() + "-" + n;
            Incident i = n == 1 ? incident : new Incident(id, incident.appId(), incident.channel(), incident.version(),
                    incident.status(), incident.openedAt(), incident.openedBy(), incident.summary(), incident.impact(),
                    incident.decision(), incident.rolledBackTo(), incident.links(), incident.timeline(),
                    incident.checklist());
            if (store.putIfAbsent(key(id), Body.of(i.toBytes())).isPresent()) {
                return i;
            }
        }
        throw new OtaException.Infrastructure("100 incidents named " + incident.id() + " already exist in " + store.url());
    }

    public Incident read(String id) {
        return load(id).map(Loaded::incident).orElseThrow(() -> new OtaException.BadInput("no incident " + id + " in "
                + store.url() + prefix()));
    }

    private record Loaded(Incident incident, String etag) {
    }

    private Optional<Loaded> load(String id) {
        String key = key(id);
        return store.get(key).map(o -> new Loaded(parse(o, key), o.etag()));
    }

    private Incident parse(StoredObject o, String key) {
        try {
            return Incident.parse(o.bytes(), store.url() + key);
        } catch (JsonException e) {
            throw new OtaException.Infrastructure("incident record damaged: " + e.getMessage());
        }
    }

    public Incident update(String id, UnaryOperator<Incident> change) {
        for (int attempt = 1; ; attempt++) {
            Loaded current = load(id).orElseThrow(() -> new OtaException.BadInput("no incident " + id + " in "
                    + store.url() + prefix()));
            Incident next = change.apply(current.incident());
            try {
                store.putIfMatch(key(id), Body.of(next.toBytes()), current.etag());
                return next;
            } catch (StoreConflictException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new StoreConflictException("incident " + id + " kept changing under us; try again");
                }
            }
        }
    }

    /** Every incident of the app, oldest first. */
    public List<Incident> list() {
        List<Incident> out = new ArrayList<>();
        for (String key : store.list(prefix())) {
            if (key.endsWith(".json")) {
                store.get(key).ifPresent(o -> out.add(parse(o, key)));
            }
        }
        out.sort(java.util.Comparator.comparing(Incident::openedAt).thenComparing(i -> i.id().length())
                .thenComparing(Incident::id));
        return out;
    }
}
