package io.aiges.server.tls;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the private key of {@code [tls] key} with the JDK alone (no BouncyCastle at run time):
 * PKCS#8 ({@code BEGIN PRIVATE KEY}, what {@code openssl genpkey} writes), and the two older forms
 * still common in the wild, PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}, cert-manager's default) and
 * SEC1 EC ({@code BEGIN EC PRIVATE KEY}, {@code openssl ecparam -genkey}), which are rewrapped as
 * PKCS#8 here. Encrypted keys are refused: a server started unattended has no one to type a
 * passphrase.
 */
final class PrivateKeys {
    static final String ACCEPTED = "accepted: PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 RSA (BEGIN RSA PRIVATE KEY)"
            + " and SEC1 EC (BEGIN EC PRIVATE KEY), unencrypted";

    /** AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1, NULL parameters). */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** The OID id-ecPublicKey (1.2.840.10045.2.1), whole TLV. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PrivateKeys() {
    }

    /**
     * The first private key in {@code content}; {@code algorithm} (the certificate's key
     * algorithm) is tried first, so a key of another kind fails as a mismatch, not as unreadable.
     */
    static PrivateKey read(String setting, Path file, byte[] content, String algorithm) {
        for (PemFiles.Block block : PemFiles.blocks(setting, file, content)) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(setting, file, block.der(), algorithm);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(setting, file, der(0x30, VERSION_0, RSA_ALGORITHM, der(0x04, block.der())), "RSA");
                }
                case "EC PRIVATE KEY" -> {
                    byte[] curve = Der.curveOf(block.der());
                    if (curve == null) {
                        throw PemFiles.problem(setting, file, "the EC PRIVATE KEY does not name its curve; " + ACCEPTED);
                    }
                    return pkcs8(setting, file,
                            der(0x30, VERSION_0, der(0x30, EC_PUBLIC_KEY, curve), der(0x04, block.der())), "EC");
                }
                case "ENCRYPTED PRIVATE KEY" -> throw PemFiles.problem(setting, file,
                        "the key is encrypted; decrypt it (openssl pkcs8 -topk8 -nocrypt -in KEY -out tls.key); "
                                + ACCEPTED);
                default -> {
                    // Other blocks (EC PARAMETERS before an EC key, a certificate) are passed over.
                }
            }
        }
        throw PemFiles.problem(setting, file, "no private key in it; " + ACCEPTED);
    }

    private static PrivateKey pkcs8(String setting, Path file, byte[] der, String algorithm) {
        Set<String> algorithms = new LinkedHashSet<>();
        algorithms.add(algorithm);
        algorithms.addAll(List.of("RSA", "EC", "RSASSA-PSS", "EdDSA"));
        for (String candidate : algorithms) {
            try {
                return KeyFactory.getInstance(candidate).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | IllegalArgumentException notThisOne) {
                // The next algorithm, if any, reads it.
            }
        }
        throw PemFiles.problem(setting, file, "the private key cannot be read (not RSA, EC or EdDSA, or damaged); "
                + ACCEPTED);
    }

    /** One DER TLV of {@code tag} around {@code parts}. */
    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(body::writeBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = body.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** Just enough DER reading to find a SEC1 key's curve. */
    private static final class Der {
        private final byte[] bytes;
        private int at;

        private Der(byte[] bytes) {
            this.bytes = bytes;
        }

        /**
         * The curve OID (whole TLV) of a SEC1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING,
         * [0] OID (optional), [1] BIT STRING (optional) }; null when absent or unreadable.
         */
        static byte[] curveOf(byte[] sec1) {
            try {
                Der der = new Der(sec1);
                if (der.bytes[der.at++] != 0x30) {
                    return null;
                }
                int end = der.length() + der.at;
                while (der.at < end) {
                    int tag = der.bytes[der.at++] & 0xff;
                    int length = der.length();
                    if (tag == 0xa0) {
                        return Arrays.copyOfRange(der.bytes, der.at, der.at + length);
                    }
                    der.at += length;
                }
                return null;
            } catch (ArrayIndexOutOfBoundsException damaged) {
                return null;
            }
        }

        private int length() {
            int first = bytes[at++] & 0xff;
            if (first < 0x80) {
                return first;
            }
            int length = 0;
            for (int i = 0; i < (first & 0x7f); i++) {
                length = (length << 8) | (bytes[at++] & 0xff);
            }
            return length;
        }
    }
}
