package io.otarelease.jenkins.stubs;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import org.jvnet.hudson.annotation_indexer.Indexed;

/**
 * Writes the index that annotation-indexer's processor writes for annotations meta-annotated {@link Indexed}
 * (such as {@code @Symbol}): {@code META-INF/services/annotations/<annotation>} listing the annotated classes, one
 * binary name per line. Jenkins' runtime {@code Index} reads this file; structs looks symbols up through it.
 *
 * <p>Ours because annotation-indexer cannot be resolved from Maven Central (the POM of its only release there
 * names a parent that is missing). Not part of the Jenkins API: a build tool the plugin names on its processor
 * path. The plugin-pom build (jenkins-plugin/pom-jenkins.xml) uses the real processor instead.
 */
@SupportedAnnotationTypes("*")
public final class IndexedAnnotationsProcessor extends AbstractProcessor {
    private final Map<String, Set<String>> index = new TreeMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latest();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (round.processingOver()) {
            write();
            return false;
        }
        for (TypeElement annotation : annotations) {
            if (annotation.getAnnotation(Indexed.class) == null) {
                continue;
            }
            String name = processingEnv.getElementUtils().getBinaryName(annotation).toString();
            for (Element use : round.getElementsAnnotatedWith(annotation)) {
                if (use instanceof TypeElement type) {
                    index.computeIfAbsent(name, k -> new TreeSet<>())
                            .add(processingEnv.getElementUtils().getBinaryName(type).toString());
                }
            }
        }
        return false;
    }

    private void write() {
        for (Map.Entry<String, Set<String>> e : index.entrySet()) {
            try {
                FileObject out = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "",
                        "META-INF/services/annotations/" + e.getKey());
                try (Writer w = new java.io.OutputStreamWriter(out.openOutputStream(), StandardCharsets.UTF_8)) {
                    for (String type : e.getValue()) {
                        w.write(type);
                        w.write('\n');
                    }
                }
            } catch (IOException ex) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        "cannot write the index of @" + e.getKey() + ": " + ex.getMessage());
            }
        }
    }
}
