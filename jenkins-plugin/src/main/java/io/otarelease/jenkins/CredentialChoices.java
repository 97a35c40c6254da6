package io.otarelease.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * The credential drop-downs of the forms. Only someone who may configure the job (or, in the global configuration,
 * administer Jenkins) sees the ids of the credentials it could use; everyone else sees only the current value, as
 * the credentials plugin recommends. Ids and names only: a secret is never listed.
 */
final class CredentialChoices {
    private CredentialChoices() {
    }

    static ListBoxModel of(Item context, String current, CredentialResolver.Kind... kinds) {
        StandardListBoxModel result = new StandardListBoxModel();
        String value = current == null ? "" : current;
        boolean allowed = context == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : context.hasPermission(Item.EXTENDED_READ) || context.hasPermission(CredentialsProvider.USE_ITEM);
        if (!allowed) {
            return result.includeCurrentValue(value);
        }
        CredentialsMatcher[] matchers = new CredentialsMatcher[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            matchers[i] = CredentialsMatchers.instanceOf(kinds[i].type);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, context, StandardCredentials.class, List.of(),
                        CredentialsMatchers.anyOf(matchers))
                .includeCurrentValue(value);
    }
}
