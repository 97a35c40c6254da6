package io.otarelease.core.registry;

import java.util.function.UnaryOperator;

/**
 * The version registry of one app, written compare-and-swap so concurrent writers never lose an update: each
 * {@link #update} reads the latest document, applies the change and writes it only if nobody wrote in between,
 * else reads again and re-applies. A change that must not be re-applied on newer state throws from the operator.
 */
public interface Registry {
    RegistryDocument read();

    /** Applies {@code change} to the latest document and stores the result; returns what was stored. */
    RegistryDocument update(UnaryOperator<RegistryDocument> change);

    /** Where the registry lives, for messages: a store URL or a table. */
    String describe();
}
