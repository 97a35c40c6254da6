package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.testing.FakeKms;
import io.otarelease.core.testing.S3ProxyServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No stored access key: the packaged command, given only a web identity token file and a role (what Jenkins' OIDC
 * provider and {@code withCredentials} give a build, docs/security.md "No long-lived keys"), assumes the role
 * through STS and signs its KMS requests with the temporary credentials. STS is a local server speaking its
 * Query/XML protocol (AssumeRoleWithWebIdentity; the SDK finds it through AWS_ENDPOINT_URL_STS); KMS is
 * {@code FakeKms}, which checks every request's SigV4 signature. (S3Proxy answers NotImplemented to the session
 * token header, so S3 cannot be the service here.) Before the STS module was on the class path the SDK's chain
 * skipped web identity and the command found no credentials (exit 2).
 */
class WebIdentityProcessIT {
    @TempDir
    Path tmp;

    @Test
    void aWebIdentityTokenAndARoleAreAllTheCommandNeeds() throws Exception {
        List<String> assumed = new CopyOnWriteArrayList<>();
        HttpServer sts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        sts.createContext("/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, String> form = new HashMap<>();
                for (String pair : body.split("&")) {
                    String[] kv = pair.split("=", 2);
                    form.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
                assumed.add(form.get("Action") + " " + form.get("RoleArn") + " " + form.get("WebIdentityToken"));
                byte[] xml = ("<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<AssumeRoleWithWebIdentityResult><Credentials><SessionToken>session-from-sts</SessionToken>"
                        + "<SecretAccessKey>" + S3ProxyServer.SECRET_KEY + "</SecretAccessKey>"
                        + "<Expiration>2099-01-01T00:00:00Z</Expiration><AccessKeyId>" + S3ProxyServer.ACCESS_KEY
                        + "</AccessKeyId></Credentials><SubjectFromWebIdentityToken>https://jenkins.example.com/job/"
                        + "shop-release/</SubjectFromWebIdentityToken><AssumedRoleUser><Arn>arn:aws:sts::111122223333:"
                        + "assumed-role/ota-promoter/jenkins</Arn><AssumedRoleId>AROAEXAMPLE:jenkins</AssumedRoleId>"
                        + "</AssumedRoleUser><Audience>sts.amazonaws.com</Audience></AssumeRoleWithWebIdentityResult>"
                        + "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>"
                        + "</ResponseMetadata></AssumeRoleWithWebIdentityResponse>").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/xml");
                ex.sendResponseHeaders(200, xml.length);
                ex.getResponseBody().write(xml);
            }
        });
        sts.start();
        FakeKms kms = FakeKms.start(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "us-east-1");
        kms.addKey("ota-release-1", null, KeyGen.generate(Algorithm.ECDSA_SHA_256), "ECC_NIST_P256",
                Algorithm.ECDSA_SHA_256);
        try {
            Path token = tmp.resolve("id-token");
            Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.jenkins-build-token.sig");
            Map<String, String> env = new HashMap<>();
            env.put("AWS_ACCESS_KEY_ID", null);
            env.put("AWS_SECRET_ACCESS_KEY", null);
            env.put("AWS_SESSION_TOKEN", null);
            env.put("AWS_PROFILE", null);
            env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-credentials").toString());
            env.put("AWS_CONFIG_FILE", tmp.resolve("no-config").toString());
            env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
            env.put("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/ota-promoter");
            env.put("AWS_ROLE_SESSION_NAME", "jenkins");
            env.put("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:" + sts.getAddress().getPort());

            OtaProcess export = OtaProcess.run(tmp, env, "keys", "export", "--trusted-keys",
                    tmp.resolve("trusted-keys.json").toString(), "--signer", "kms", "--kms-key",
                    "arn:aws:kms:us-east-1:111122223333:key/ota-release-1", "--kms-region", "us-east-1",
                    "--kms-endpoint", kms.endpoint().toString(), "--key-id", "ota-kms", "--algorithm", "ECDSA_SHA_256");
            assertThat(export.exitCode()).as(export.all()).isZero();
            assertThat(kms.requests).anyMatch(r -> r.startsWith("TrentService.GetPublicKey"));
            assertThat(assumed).contains("AssumeRoleWithWebIdentity arn:aws:iam::111122223333:role/ota-promoter "
                    + "eyJhbGciOiJSUzI1NiJ9.jenkins-build-token.sig");

            OtaProcess doctor = OtaProcess.run(tmp, env, "doctor", "--store", "file://" + tmp.resolve("prod"));
            assertThat(doctor.exitCode()).as(doctor.all()).isZero();
            assertThat(doctor.out()).contains("OK             AWS credentials: web identity: role "
                    + "arn:aws:iam::111122223333:role/ota-promoter").doesNotContain("WARNING");
        } finally {
            kms.close();
            sts.stop(0);
        }
    }
}
