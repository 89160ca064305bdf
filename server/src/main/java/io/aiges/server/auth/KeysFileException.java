package io.aiges.server.auth;

/** A keys file that cannot be used, with the file and line to fix. */
public final class KeysFileException extends Exception {
    public KeysFileException(String message) {
        super(message);
    }
}
