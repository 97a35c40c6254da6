// Compile-only stub of org.jenkins-ci.plugins:aws-credentials:262.v0efb_28f71f94 — declarations only, checked
// against upstream; the plugin provides the real class at run time. Unused members (and @NameWith) are left out.
package com.cloudbees.jenkins.plugins.awscredentials;

import com.amazonaws.auth.AWSCredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

public interface AmazonWebServicesCredentials extends StandardCredentials, AwsCredentialsProvider,
        AWSCredentialsProvider {
    long serialVersionUID = -8931505925778535681L;

    String getDisplayName();

    AwsCredentials resolveCredentials(String mfaToken);
}
