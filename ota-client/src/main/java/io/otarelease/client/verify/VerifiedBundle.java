package io.otarelease.client.verify;

import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKey;

/** A bundle whose signature, files and listing all checked out. */
public record VerifiedBundle(Manifest manifest, SignatureEnvelope envelope, TrustedKey key) {
}
