package io.otarelease.cli;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.SignerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Make a DEVELOPMENT key pair and add its public key to a trusted-keys.json.", "",
            "The private key is written as PKCS#8 PEM, readable by its owner only. Production keys belong in an HSM "
                + "or KMS: use `ota keys export` to write trusted-keys.json for them.",
            "Running it again with another --key-id adds to the same trusted-keys.json, to rehearse key rotation. "
                + "A key id that is already trusted is refused: replacing its public key would make everything "
                + "signed with the old key stop verifying (--force replaces it)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "2:bad options, the key file exists or the key id is already trusted"})
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--algorithm", defaultValue = "ECDSA_SHA_256", paramLabel = "ALG",
            description = "RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PSS_SHA_256 (RSA-3072) or ECDSA_SHA_256 (P-256); "
                    + "default ${DEFAULT-VALUE}.")
    String algorithm;

    @Option(names = "--key-id", required = true, paramLabel = "ID", description = "Key id, e.g. dev-2026-a.")
    String keyId;

    @Option(names = "--private-key", required = true, paramLabel = "FILE", description = "Where to write the key.")
    Path privateKey;

    @Option(names = "--trusted-keys", required = true, paramLabel = "FILE",
            description = "trusted-keys.json to create or add to.")
    Path trustedKeys;

    @Option(names = "--force", description = "Overwrite an existing private key file and replace a trusted key "
            + "with the same --key-id (everything signed with the replaced key stops verifying).")
    boolean force;

    @Override
    public Integer call() {
        Algorithm alg = SignerFactory.algorithm(algorithm);
        if (Files.exists(privateKey) && !force) {
            throw new OtaException.BadInput(privateKey + " exists; refusing to overwrite a key (use --force)");
        }
        if (!force && Files.exists(trustedKeys) && TrustedKeysFiles.read(trustedKeys).find(keyId).isPresent()) {
            throw new OtaException.BadInput("key id " + keyId + " is already trusted in " + trustedKeys
                    + "; replacing its public key would make everything signed with it stop verifying. Choose "
                    + "another --key-id (rotation adds keys), or pass --force to replace it");
        }
        KeyPair pair = KeyGen.generate(alg);
        AtomicFiles.write(privateKey, KeyGen.privateKeyPem(pair).getBytes(StandardCharsets.US_ASCII), true);
        var keys = TrustedKeysFiles.add(trustedKeys, new TrustedKey(keyId, alg, pair.getPublic()));
        spec.commandLine().getErr().println(FileSigner.WARNING);
        spec.commandLine().getOut().printf("wrote %s (%s) and added key %s to %s (%d keys)%n", privateKey, alg, keyId,
                trustedKeys, keys.keys().size());
        return 0;
    }
}
