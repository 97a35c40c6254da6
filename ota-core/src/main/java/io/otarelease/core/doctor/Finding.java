package io.otarelease.core.doctor;

/**
 * One result of a read-only check of a release setup ({@code ota doctor}, and the bucket checks of
 * {@code ota promote}).
 *
 * @param status  what was found
 * @param subject what was checked, e.g. {@code production bucket 'acme-prod' versioning}
 * @param detail  what was found and, when it is not OK, what to do
 */
public record Finding(Status status, String subject, String detail) {
    /** From good to bad; {@link #NOT_APPLICABLE} is neither. */
    public enum Status {
        OK, NOT_APPLICABLE, WARNING, MISSING, UNREADABLE
    }

    /** One line a person reads: {@code MISSING  production bucket 'b' versioning: never enabled; ...}. */
    public String line() {
        return String.format("%-14s %s: %s", status.name().replace('_', ' '), subject, detail);
    }
}
