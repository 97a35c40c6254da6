package io.otarelease.core.release;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SigningException;
import java.security.PublicKey;
import java.util.function.Supplier;

/**
 * A key behind a signing server that is up, down (failing as {@code RemoteSigner} reports an unreachable server),
 * or answering with a signature over something else (a faulty token, a compromised server).
 */
final class SwitchableSigner implements Signer {
    enum Mode { OK, DOWN, LYING }

    private final Signer real;
    private final Supplier<Mode> mode;

    SwitchableSigner(Signer real, Supplier<Mode> mode) {
        this.real = real;
        this.mode = mode;
    }

    @Override
    public String keyId() {
        return real.keyId();
    }

    @Override
    public Algorithm algorithm() {
        return real.algorithm();
    }

    @Override
    public PublicKey publicKey() {
        return real.publicKey();
    }

    @Override
    public byte[] signDigest(byte[] sha256) {
        return switch (mode.get()) {
            case OK -> real.signDigest(sha256);
            case DOWN -> throw new SigningException("signing server https://127.0.0.1:1 is unreachable: "
                    + "Connection refused");
            case LYING -> {
                byte[] other = sha256.clone();
                other[0] ^= 1;
                yield real.signDigest(other);
            }
        };
    }

    @Override
    public String describe() {
        return "remote key " + real.keyId();
    }
}
