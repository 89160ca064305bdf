package io.aiges.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The aiges version, from a resource Maven fills in at build time. */
public final class Version {
    private static final String CURRENT = read();

    private Version() {
    }

    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            return props.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
