package io.otarelease.core.sign;

import io.otarelease.client.signature.Algorithm;
import java.security.PublicKey;

/** What every signer holds alike: the key id it signs as, its one algorithm and the key's public half. */
abstract class KeyBoundSigner implements Signer {
    private final String keyId;
    private final Algorithm algorithm;
    private final PublicKey publicKey;

    KeyBoundSigner(String keyId, Algorithm algorithm, PublicKey publicKey) {
        this.keyId = keyId;
        this.algorithm = algorithm;
        this.publicKey = publicKey;
    }

    @Override
    public final String keyId() {
        return keyId;
    }

    @Override
    public final Algorithm algorithm() {
        return algorithm;
    }

    @Override
    public final PublicKey publicKey() {
        return publicKey;
    }
}
