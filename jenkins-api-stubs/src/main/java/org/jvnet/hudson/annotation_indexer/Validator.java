// Compile-only stub of org.jenkins-ci:annotation-indexer (1.4 on Maven Central cannot be resolved: its parent POM
// org.jenkins-ci:jenkins:1.26 is not there; jenkins-core 2.541.3 bundles a newer release with the same
// declaration) — declarations only; Jenkins provides the real class at run time.
package org.jvnet.hudson.annotation_indexer;

import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;

public interface Validator {
    void check(Element use, RoundEnvironment e, ProcessingEnvironment env);
}
