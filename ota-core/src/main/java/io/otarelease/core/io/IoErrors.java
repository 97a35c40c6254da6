package io.otarelease.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file operation failed, in words. Java's file exceptions often carry only the path as their message
 * ({@code NoSuchFileException: dev.pem}), so "cannot read dev.pem: dev.pem" told nobody anything.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /**
     * The reason alone, e.g. "no such file or directory", "permission denied", "is a directory". Takes any
     * exception so that multi-catch blocks can use it; an {@link java.io.UncheckedIOException} is unwrapped.
     */
    public static String reason(Throwable t) {
        Throwable e = t instanceof java.io.UncheckedIOException u && u.getCause() != null ? u.getCause() : t;
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the directory is not empty";
        }
        if (e instanceof FileSystemLoopException) {
            return "a symbolic link loop";
        }
        if (e instanceof FileSystemException fs) {
            // the OS's reason ("Is a directory", "No space left on device") without the paths around it
            if (fs.getReason() != null) {
                return sentenceCase(fs.getReason());
            }
            return e.getClass().getSimpleName();
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not text in the expected encoding (a binary file?)";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : sentenceCase(m);
    }

    /** "Is a directory" reads as "...: is a directory"; acronyms ("SSL ...") stay as they are. */
    private static String sentenceCase(String m) {
        return m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))
                ? Character.toLowerCase(m.charAt(0)) + m.substring(1) : m;
    }
}
