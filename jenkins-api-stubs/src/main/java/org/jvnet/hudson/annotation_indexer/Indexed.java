// Compile-only stub of org.jenkins-ci:annotation-indexer (1.4 on Maven Central cannot be resolved: its parent POM
// org.jenkins-ci:jenkins:1.26 is not there; jenkins-core 2.541.3 bundles a newer release with the same
// declaration) — declarations only; Jenkins provides the real class at run time.
package org.jvnet.hudson.annotation_indexer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface Indexed {
    Class<? extends Validator>[] validators() default {};
}
