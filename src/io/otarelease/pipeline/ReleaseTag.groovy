package io.otarelease.pipeline

import com.cloudbees.groovy.cps.NonCPS

/**
 * The version a release is for: from a tag {@code ota/vX.Y.Z} (the seed's convention) or given directly.
 * Versions are {@code MAJOR.MINOR.PATCH} with an optional pre-release such as {@code -rc.1}; anything else is
 * refused before a single file is built, so a typo never reaches a store path or a channel pointer.
 */
class ReleaseTag implements Serializable {

    private static final long serialVersionUID = 1L
    static final String VERSION_PATTERN = /(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*)?/

    /**
     * The version in {@code tag}, which must be {@code prefix} followed by a version.
     * NonCPS: pure string work with regular expressions, no step.
     */
    @NonCPS
    static String versionFromTag(String tag, String prefix) {
        if (tag == null || tag.trim().isEmpty()) {
            throw new IllegalArgumentException(
                    ("no release tag: build a tag such as '${prefix}1.2.3' " +
                            "or pass the version (config 'version' or parameter OTA_VERSION)").toString())
        }
        if (!tag.startsWith(prefix)) {
            throw new IllegalArgumentException(
                    "tag '${tag}' is not a release tag: expected '${prefix}' followed by a version such as '${prefix}1.2.3'".toString())
        }
        return checkVersion("tag '${tag}'".toString(), tag.substring(prefix.length()))
    }

    /** {@code version} when it is a valid release version; {@code source} names where it came from in the error. */
    @NonCPS
    static String checkVersion(String source, String version) {
        if (version == null || !(version ==~ VERSION_PATTERN)) {
            throw new IllegalArgumentException(
                    "${source}: '${version}' is not a release version (MAJOR.MINOR.PATCH, e.g. 3.4.1 or 3.5.0-rc.1)".toString())
        }
        return version
    }
}
