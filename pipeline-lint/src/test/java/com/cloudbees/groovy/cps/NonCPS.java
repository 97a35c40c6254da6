package com.cloudbees.groovy.cps;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Test stand-in for groovy-cps's annotation of the same name (groovy-cps is only in the Jenkins repository).
 * Jenkins adds this package to a library's imports, so library code writes {@code @NonCPS} without an import;
 * the harness does the same. Without CPS transformation every method runs as plain Groovy here.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface NonCPS {
}
