package io.otarelease.cli;

import io.otarelease.core.doctor.IamPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "iam-policy", mixinStandardHelpOptions = true,
        description = {"Print the least-privilege AWS IAM policy (JSON) of one role of a release.",
            "Exactly the actions the engine performs for ROLE, on the objects of this app it touches: no wildcard "
                + "action, no object outside <prefix>/<appId>/ of the stores, listing limited by an s3:prefix "
                + "condition. Roles: ci (ota sign with KMS, ota stage: writes the staging store), promoter (ota "
                + "promote: reads staging, writes production blobs, releases, the channel's pointer and history, "
                + "registry, audit and its lease; reads the buckets' encryption and versioning; signs the pointer; "
                + "invalidates the CDN), rollback (ota rollback: production only), signer (kms:Sign and "
                + "kms:GetPublicKey on the key). Attach it to the role the job assumes (docs/security.md, \"Least "
                + "privilege\").",
            "  ota iam-policy promoter --store s3://acme-prod/ota --from-store s3://acme-staging/ota "
                + "--app-id com.example.shop --kms-key arn:aws:kms:eu-west-1:111122223333:key/1234abcd-... "
                + "--cdn-distribution E1A2B3C4D5E6F7 > promoter-policy.json"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:bad options (a missing store, a KMS key given by alias, no account for an ARN)"})
final class IamPolicyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROLE", description = "ci, promoter, rollback or signer.")
    IamPolicy.Role role;

    @Option(names = "--store", paramLabel = "URL", description = "The production store (promoter, rollback).")
    String store;

    @Option(names = "--from-store", paramLabel = "URL", description = "The staging store (ci, promoter).")
    String from;

    @Option(names = "--app-id", required = true, paramLabel = "ID", description = "Application id, e.g. com.example.shop.")
    String appId;

    @Option(names = "--channel", defaultValue = "production", paramLabel = "NAME",
            description = "The channel whose pointer and history the role writes (default: production).")
    String channel;

    @Option(names = "--kms-key", paramLabel = "KEY", description = "The KMS key's ARN, when the role signs with "
            + "KMS (an alias cannot be a policy's resource).")
    String kmsKey;

    @Option(names = "--cdn-distribution", paramLabel = "ID", description = "The CloudFront distribution id, when "
            + "the role invalidates the CDN (promoter, rollback).")
    String distribution;

    @Option(names = "--aws-account", paramLabel = "ID", description = "The AWS account of the distribution and the "
            + "table (default: the account in the --kms-key ARN).")
    String account;

    @Option(names = "--registry-table", paramLabel = "TABLE", description = "The DynamoDB registry table, when "
            + "the registry is not registry.json in the store.")
    String table;

    @Option(names = "--dynamodb-region", paramLabel = "REGION", description = "The table's region.")
    String dynamoDbRegion;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(IamPolicy.json(role, new IamPolicy.Scope(appId, channel, store, from,
                kmsKey, distribution, account, table, dynamoDbRegion)));
        return 0;
    }
}
