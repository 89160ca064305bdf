package io.aiges.server.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The keys file ({@code [auth] keysFile}), re-read when it changes, so keys are added, rotated and
 * revoked without a restart. Whether it changed is asked at most once a second, by whichever
 * request comes first (a stat, microseconds); its modification time and size are compared, which
 * also sees a Kubernetes Secret's update (a symbolic link swapped to a new folder). A file that
 * turns unreadable or wrong keeps the keys it had, with an error in the log: a half-written file
 * must not lock every client out.
 */
public final class KeysFile {
    private static final Logger log = LoggerFactory.getLogger(KeysFile.class);
    private static final long CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path path;
    private final LongSupplier nanoClock;
    private final AtomicLong nextCheck;
    private volatile ClientKeys keys;
    private volatile Version version;

    private record Version(FileTime modified, long size) {
    }

    private KeysFile(Path path, LongSupplier nanoClock, ClientKeys keys, Version version) {
        this.path = path;
        this.nanoClock = nanoClock;
        this.keys = keys;
        this.version = version;
        this.nextCheck = new AtomicLong(nanoClock.getAsLong() + CHECK_EVERY_NANOS);
    }

    /** Reads the file; a file that cannot be used stops the start with the reason (file:line). */
    public static KeysFile open(Path path) throws KeysFileException {
        return open(path, System::nanoTime);
    }

    static KeysFile open(Path path, LongSupplier nanoClock) throws KeysFileException {
        Objects.requireNonNull(path, "path");
        Version version = versionOf(path);
        ClientKeys keys = read(path);
        if (keys.size() == 0) {
            log.warn("[auth] keysFile {} names no client: every request that needs a key is refused", path);
        }
        return new KeysFile(path, nanoClock, keys, version);
    }

    /** The keys as the file has them now (re-read first if it changed since the last look, a second or more ago). */
    public ClientKeys keys() {
        long now = nanoClock.getAsLong();
        long next = nextCheck.get();
        if (now - next >= 0 && nextCheck.compareAndSet(next, now + CHECK_EVERY_NANOS)) {
            reloadIfChanged();
        }
        return keys;
    }

    private void reloadIfChanged() {
        Version now;
        try {
            now = versionOf(path);
        } catch (KeysFileException e) {
            if (version != null) {
                log.error("{}; the keys read before stay in use", e.getMessage());
                version = null;
            }
            return;
        }
        if (now.equals(version)) {
            return;
        }
        version = now;
        try {
            ClientKeys read = read(path);
            keys = read;
            log.info("[auth] keysFile {} re-read: {} clients", path, read.size());
        } catch (KeysFileException e) {
            log.error("{}; the keys read before stay in use", e.getMessage());
        }
    }

    private static Version versionOf(Path path) throws KeysFileException {
        try {
            return new Version(Files.getLastModifiedTime(path), Files.size(path));
        } catch (IOException e) {
            throw new KeysFileException("[auth] keysFile " + path + " cannot be read: " + e);
        }
    }

    private static ClientKeys read(Path path) throws KeysFileException {
        try {
            return ClientKeys.parse(Files.readAllLines(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new KeysFileException("[auth] keysFile " + path + " cannot be read: " + e);
        }
    }
}
