package io.aiges.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The clients of a keys file ({@code NAME:SECRET} a line, blank lines and {@code #} comments
 * allowed), and the two lookups authentication needs, both in time that does not depend on the
 * secret: which client a presented API key belongs to, and a client's secret for signatures.
 *
 * <pre>{@code
 * ClientKeys keys = ClientKeys.parse(List.of("# team A", "alice:9f8e7d6c5b4a39281706"), "keys.txt");
 * keys.nameOfKey("9f8e7d6c5b4a39281706");   // "alice"
 * }</pre>
 */
public final class ClientKeys {
    /** Names show in logs, metric labels and the engine's {@code appid}: short, plain words. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    /** Longer secrets are a mistake (a pasted file): they are refused, not truncated. */
    static final int MAX_SECRET = 512;
    /** What a presented key longer than any secret is cut to before hashing: a client cannot make us hash megabytes. */
    private static final int MAX_PRESENTED = MAX_SECRET + 1;

    private final List<String> names;
    private final List<byte[]> keyHashes;
    private final Map<String, byte[]> secrets;

    private ClientKeys(List<String> names, List<byte[]> keyHashes, Map<String, byte[]> secrets) {
        this.names = names;
        this.keyHashes = keyHashes;
        this.secrets = secrets;
    }

    /** No clients: every key is refused. */
    public static ClientKeys none() {
        return new ClientKeys(List.of(), List.of(), Map.of());
    }

    /**
     * Reads the lines of a keys file; {@code file} names it in errors. A name or a secret given
     * twice is an error: two clients with one secret could not be told apart.
     */
    public static ClientKeys parse(List<String> lines, String file) throws KeysFileException {
        List<String> names = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        Map<String, byte[]> secrets = new HashMap<>();
        Set<String> seenSecrets = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new KeysFileException(where + "expected NAME:SECRET");
            }
            String name = line.substring(0, colon).strip();
            String secret = line.substring(colon + 1).strip();
            if (!NAME.matcher(name).matches()) {
                throw new KeysFileException(where + "a client name is 1 to 64 letters, digits, '_', '.', '@' or '-'");
            }
            if (secret.isEmpty() || secret.length() > MAX_SECRET || secret.chars().anyMatch(Character::isWhitespace)) {
                throw new KeysFileException(where + "the secret of " + name + " must be 1 to " + MAX_SECRET
                        + " characters without spaces");
            }
            if (secrets.containsKey(name)) {
                throw new KeysFileException(where + "client " + name + " is named twice");
            }
            if (!seenSecrets.add(secret)) {
                throw new KeysFileException(where + "the secret of " + name + " is another client's too");
            }
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            names.add(name);
            hashes.add(sha256(bytes));
            secrets.put(name, bytes);
        }
        return new ClientKeys(List.copyOf(names), List.copyOf(hashes), Map.copyOf(secrets));
    }

    /**
     * The client whose secret {@code key} is, or null. Every client's key is compared, and each
     * comparison is of two digests of one length in constant time: how long it takes tells nothing
     * about how close a guess was.
     */
    public String nameOfKey(String key) {
        String presented = key.length() > MAX_PRESENTED ? key.substring(0, MAX_PRESENTED) : key;
        byte[] hash = sha256(presented.getBytes(StandardCharsets.UTF_8));
        String found = null;
        for (int i = 0; i < keyHashes.size(); i++) {
            if (MessageDigest.isEqual(hash, keyHashes.get(i)) & found == null) {
                found = names.get(i);
            }
        }
        return found;
    }

    /** The secret of client {@code name} (its UTF-8 bytes), or null when there is no such client. */
    public byte[] secretOf(String name) {
        return secrets.get(name);
    }

    public int size() {
        return names.size();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
