package io.aiges.config;

import java.util.regex.Pattern;

/**
 * A {@code host:port} listen address as Go writes them: {@code 0.0.0.0:1888}, {@code :1888} (all
 * interfaces), {@code localhost:0}, {@code [::1]:1888}.
 */
record ListenAddress(String host, int port) {

    static final String ALL_INTERFACES = "0.0.0.0";

    private static final Pattern NAME_OR_IPV4 = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    /** Parses {@code text}; the exception message says what is wrong, for the caller to place. */
    static ListenAddress parse(String text) {
        String s = text.strip();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("expected [ipv6]:port, e.g. [::1]:1888");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
            if (!IPV6.matcher(host).matches()) {
                throw new IllegalArgumentException("\"" + host + "\" is not an IPv6 address");
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("expected host:port, e.g. 0.0.0.0:1888");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException("an IPv6 address needs brackets, e.g. [::1]:1888");
            }
            if (host.isEmpty()) {
                host = ALL_INTERFACES;
            } else if (!NAME_OR_IPV4.matcher(host).matches()) {
                throw new IllegalArgumentException("\"" + host + "\" is not a host name or IP address");
            }
        }
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("the port must be a number from 0 to 65535, e.g. 0.0.0.0:1888");
        }
        return new ListenAddress(host, Integer.parseInt(port));
    }
}
