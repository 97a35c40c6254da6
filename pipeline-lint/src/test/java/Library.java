import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lint-only stand-in for workflow-cps-global-lib's {@code @Library}, which Jenkins imports into every Jenkinsfile.
 * In the default package so that {@code @Library('ota-release') _} resolves when CodeNarc compiles a Jenkinsfile
 * to the phase its Jenkins rules need; without it those rules would silently skip the file.
 */
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.TYPE, ElementType.LOCAL_VARIABLE, ElementType.FIELD, ElementType.METHOD, ElementType.PACKAGE})
public @interface Library {
    String[] value();
}
