package io.otarelease.core.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.OtaException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The least-privilege AWS IAM policy of one role of a release, for this store layout (DESIGN.md, "Store layout"):
 * exactly the actions the engine performs for that role, on exactly the objects it touches. No wildcard action; every
 * object resource lies under {@code <prefix>/<appId>/} of a store; bucket-level actions (listing, reading the
 * bucket's settings) name the bucket, and listing is limited to the prefixes the engine lists by an
 * {@code s3:prefix} condition. CloudFront cannot be limited to paths by IAM: the grant names the distribution, and
 * the engine invalidates only the channel objects. The grants are checked against the calls the engine really
 * makes in {@code IamPolicyCommandTest}.
 */
public final class IamPolicy {
    /** Who the policy is for. */
    public enum Role {
        /** builds, signs with KMS and stages: writes the staging store */
        CI,
        /** promotes: reads staging, writes production, signs the pointer, invalidates the CDN */
        PROMOTER,
        /** rolls back: rewrites the channel from production alone */
        ROLLBACK,
        /** signs with the KMS key and reads its public key, nothing else */
        SIGNER
    }

    /**
     * What the policy is scoped to, as the release commands name it.
     *
     * @param appId          the application id
     * @param channel        the channel whose pointer and history the role writes
     * @param production     the production store, {@code s3://bucket/prefix} (promoter, rollback)
     * @param staging        the staging store (ci, promoter)
     * @param kmsKeyArn      the KMS key's ARN, or null when the role does not sign with KMS
     * @param cdnDistribution the CloudFront distribution id, or null
     * @param awsAccount     the account of the distribution and the table (taken from the KMS key's ARN when null)
     * @param registryTable  the DynamoDB registry table, or null when the registry is {@code registry.json}
     * @param dynamoDbRegion the table's region
     */
    public record Scope(String appId, String channel, String production, String staging, String kmsKeyArn,
                        String cdnDistribution, String awsAccount, String registryTable, String dynamoDbRegion) {
    }

    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):(\\d{12}):key/[A-Za-z0-9-]+");

    private final Map<String, Set<String>> grants = new TreeMap<>();
    private final Set<String> listPrefixes = new TreeSet<>();

    private IamPolicy() {
    }

    /** The policy document, as pretty-printed JSON ({@code Version 2012-10-17}). */
    public static String json(Role role, Scope scope) {
        IamPolicy p = new IamPolicy();
        p.build(role, scope);
        return p.render();
    }

    private void build(Role role, Scope s) {
        String account = s.awsAccount();
        if (s.kmsKeyArn() != null) {
            Matcher m = KMS_KEY_ARN.matcher(s.kmsKeyArn());
            if (!m.matches()) {
                throw new OtaException.BadInput("--kms-key must be the key's ARN for a policy (an id or alias/NAME "
                        + "cannot be a policy's resource), got \"" + s.kmsKeyArn() + "\"; find it with: aws kms "
                        + "describe-key --key-id " + s.kmsKeyArn() + " --query KeyMetadata.Arn");
            }
            account = account != null ? account : m.group(2);
        }
        if (role == Role.SIGNER) {
            if (s.kmsKeyArn() == null) {
                throw new OtaException.BadInput("the signer role signs with a KMS key: give --kms-key ARN");
            }
            kms(s);
            return;
        }
        String ch = s.channel();
        switch (role) {
            case CI -> {
                Store stg = store(s.staging(), "--from-store", "the staging store the CI writes");
                grant("s3:GetObject", stg.object(s.appId(), "registry.json"), stg.object(s.appId(), "releases/*"));
                grant("s3:PutObject", stg.object(s.appId(), "blobs/*"), stg.object(s.appId(), "releases/*"),
                        stg.object(s.appId(), "registry.json"));
                list(stg, s.appId(), "blobs/*");
            }
            case PROMOTER -> {
                Store prod = store(s.production(), "--store", "the production store");
                Store stg = store(s.staging(), "--from-store", "the staging store the release is copied from");
                grant("s3:GetObject", stg.object(s.appId(), "releases/*"), stg.object(s.appId(), "blobs/*"),
                        prod.object(s.appId(), "leases/gc.json"), prod.object(s.appId(), "releases/*"));
                pointerAndHistory(prod, s, ch);
                grant("s3:PutObject", prod.object(s.appId(), "blobs/*"), prod.object(s.appId(), "releases/*"),
                        prod.object(s.appId(), "leases/promote-*"));
                grant("s3:DeleteObject", prod.object(s.appId(), "leases/promote-*"));
                list(prod, s.appId(), "blobs/*");
                list(prod, s.appId(), "audit/*");
                grant("s3:GetEncryptionConfiguration", prod.bucketArn(), stg.bucketArn());
                grant("s3:GetBucketVersioning", prod.bucketArn());
            }
            case ROLLBACK -> {
                Store prod = store(s.production(), "--store", "the production store");
                grant("s3:GetObject", prod.object(s.appId(), "releases/*"));
                pointerAndHistory(prod, s, ch);
                list(prod, s.appId(), "blobs/*");
            }
            default -> throw new IllegalStateException(role.name());
        }
        if (s.kmsKeyArn() != null) {
            kms(s);
        }
        if (role != Role.CI && s.cdnDistribution() != null) {
            String arn = "arn:aws:cloudfront::" + need(account, "--cdn-distribution") + ":distribution/"
                    + s.cdnDistribution();
            grant("cloudfront:CreateInvalidation", arn);
            grant("cloudfront:GetInvalidation", arn);
        }
    }

    /** The objects promotion and rollback both read and write: pointer, history, registry, audit record. */
    private void pointerAndHistory(Store prod, Scope s, String ch) {
        StoreLayout layout = new StoreLayout(s.appId());
        String pointer = layout.channel(ch);
        String signature = layout.channelSignature(ch);
        String history = layout.channelHistory(ch);
        grant("s3:GetObject", prod.key(pointer), prod.key(signature), prod.key(history));
        grant("s3:PutObject", prod.key(pointer), prod.key(signature), prod.key(history),
                prod.object(s.appId(), "audit/*"));
        if (s.registryTable() == null) {
            grant("s3:GetObject", prod.object(s.appId(), "registry.json"));
            grant("s3:PutObject", prod.object(s.appId(), "registry.json"));
        } else {
            String table = "arn:aws:dynamodb:" + need(s.dynamoDbRegion(), "--registry-table (its --dynamodb-region)")
                    + ":" + need(s.awsAccount() != null ? s.awsAccount() : accountOf(s.kmsKeyArn()), "--registry-table")
                    + ":table/" + s.registryTable();
            grant("dynamodb:GetItem", table);
            grant("dynamodb:PutItem", table);
        }
    }

    private void kms(Scope s) {
        grant("kms:GetPublicKey", s.kmsKeyArn());
        grant("kms:Sign", s.kmsKeyArn());
    }

    private static String accountOf(String kmsArn) {
        if (kmsArn == null) {
            return null;
        }
        Matcher m = KMS_KEY_ARN.matcher(kmsArn);
        return m.matches() ? m.group(2) : null;
    }

    private static String need(String value, String forWhat) {
        if (value == null || value.isBlank()) {
            throw new OtaException.BadInput(forWhat + " needs the AWS account (and region) for the resource's ARN: "
                    + "give --aws-account ID (or a --kms-key ARN, whose account is taken)"
                    + (forWhat.contains("region") ? " and --dynamodb-region" : ""));
        }
        return value;
    }

    private void grant(String action, String... resources) {
        grants.computeIfAbsent(action, a -> new TreeSet<>()).addAll(List.of(resources));
    }

    private void list(Store store, String appId, String pattern) {
        grant("s3:ListBucket", store.bucketArn());
        listPrefixes.add(store.prefix() + appId + "/" + pattern);
    }

    /** An s3:// store URL split into what an ARN needs. */
    private record Store(String bucket, String prefix) {
        String bucketArn() {
            return "arn:aws:s3:::" + bucket;
        }

        String object(String appId, String rest) {
            return key(appId + "/" + rest);
        }

        String key(String key) {
            return "arn:aws:s3:::" + bucket + "/" + prefix + key;
        }
    }

    private static Store store(String url, String option, String what) {
        if (url == null) {
            throw new OtaException.BadInput("this role needs " + option + " s3://bucket/prefix (" + what + ")");
        }
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new OtaException.BadInput(option + " \"" + url + "\" is not a URL (expected s3://bucket/prefix)");
        }
        if (!"s3".equals(u.getScheme()) || u.getHost() == null) {
            throw new OtaException.BadInput(option + " \"" + url + "\": an IAM policy is for S3 stores "
                    + "(s3://bucket/prefix); a file store needs none");
        }
        String prefix = u.getPath() == null ? "" : u.getPath().replaceFirst("^/+", "");
        return new Store(u.getHost(), prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/");
    }

    private String render() {
        List<Map<String, Object>> statements = new ArrayList<>();
        grants.forEach((action, resources) -> {
            Map<String, Object> st = new LinkedHashMap<>();
            String sid = action.replaceAll("[^A-Za-z0-9]", "");
            st.put("Sid", Character.toUpperCase(sid.charAt(0)) + sid.substring(1));
            st.put("Effect", "Allow");
            st.put("Action", action);
            st.put("Resource", new ArrayList<>(resources));
            if (action.equals("s3:ListBucket")) {
                st.put("Condition", Map.of("StringLike", Map.of("s3:prefix", new ArrayList<>(listPrefixes))));
            }
            statements.add(st);
        });
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", statements);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
