package io.otarelease.signer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use which key: the part of the configuration a reload may change without a restart. Immutable; the
 * server swaps the whole policy at once, so a request never sees half of an old and half of a new one.
 */
public final class AccessPolicy {
    private final List<ClientEntry> clients;
    private final Map<String, Set<String>> keyClients;
    private final Set<String> revoked;

    AccessPolicy(List<ClientEntry> clients, Map<String, Set<String>> keyClients, Set<String> revoked) {
        this.clients = List.copyOf(clients);
        this.keyClients = Map.copyOf(keyClients);
        this.revoked = Set.copyOf(revoked);
    }

    /** The name of the configured client this certificate is, or a refusal naming why not. */
    String clientName(ClientIdentity id) throws ApiError {
        if (revoked.contains(id.fingerprint())) {
            throw new ApiError(403, "client_revoked", "the client certificate " + id.fingerprint() + " ("
                    + id.subjectName() + ") is revoked");
        }
        Optional<ClientEntry> entry = clients.stream().filter(c -> c.matches(id)).findFirst();
        return entry.orElseThrow(() -> new ApiError(403, "client_unknown", "the client certificate "
                + id.fingerprint() + " (" + id.subjectName() + ") is not a configured client")).name();
    }

    boolean mayUse(String clientName, String keyId) {
        return keyClients.getOrDefault(keyId, Set.of()).contains(clientName);
    }

    int revokedCount() {
        return revoked.size();
    }
}
