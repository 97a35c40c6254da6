package io.otarelease.signer;

import javax.security.auth.x500.X500Principal;

/** A known client: matched by the SHA-256 fingerprint of its certificate, or by its certificate's subject. */
record ClientEntry(String name, String fingerprint, X500Principal subject) {
    static ClientEntry byFingerprint(String name, String fingerprint) {
        return new ClientEntry(name, fingerprint, null);
    }

    static ClientEntry bySubject(String name, X500Principal subject) {
        return new ClientEntry(name, null, subject);
    }

    boolean matches(ClientIdentity id) {
        // X500Principal.equals compares canonical forms, so "CN=a, O=b" and "cn=a,o=b" are the same subject
        return fingerprint != null ? fingerprint.equals(id.fingerprint()) : subject.equals(id.subject());
    }
}
