package io.otarelease.pipeline

import com.cloudbees.groovy.cps.NonCPS

/** Sections of the runbook ({@code resources/runbook.md}, read with {@code libraryResource}) for the build log. */
class Runbook implements Serializable {

    private static final long serialVersionUID = 1L

    static final String PATH = 'runbook.md'

    /**
     * The section of {@code markdown} under the level-2 heading {@code heading}, heading included, or a pointer to
     * the runbook when the heading is missing. NonCPS: pure string work, no step.
     */
    @NonCPS
    static String section(String markdown, String heading) {
        List<String> lines = (markdown ?: '').readLines()
        int start = lines.findIndexOf { it.trim() == "## ${heading}".toString() }
        if (start < 0) {
            return "See the runbook (${PATH}), section '${heading}'".toString()
        }
        int end = lines.findIndexOf(start + 1) { it.startsWith('## ') }
        return lines.subList(start, end < 0 ? lines.size() : end).join('\n').trim()
    }
}
