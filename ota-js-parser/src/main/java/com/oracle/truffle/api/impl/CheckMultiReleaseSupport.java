package com.oracle.truffle.api.impl;

/**
 * Replaces Truffle's class of this name, so this jar need not be a multi-release jar. Truffle ships a base version
 * answering false and a Java 9+ version answering true, and refuses to start when it sees false. Jenkins' plugin
 * class loader and remoting's agent class loader read a jar's base entries only, so the full truffle-api jar would
 * stop the parser there. Every Java this project supports is 9 or newer, hence true. (The other versioned class,
 * JDKAccessor, only matters for virtual threads, which the parser never starts; its base version is kept.)
 */
public abstract class CheckMultiReleaseSupport {
    private CheckMultiReleaseSupport() {
    }

    public static boolean isSupported() {
        return true;
    }
}
