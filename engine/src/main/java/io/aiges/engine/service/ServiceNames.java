package io.aiges.engine.service;

/**
 * The one rule for a service's name, wherever a name comes from: {@code -s} and the section of
 * {@code aiges.toml}, a model repository's folder, the path of {@code POST /v1/{service}}.
 * A name is also a route segment and a folder name, so it is letters, digits, {@code '_'},
 * {@code '-'} and {@code '.'}, and does not start with {@code '.'} or {@code '-'}: never
 * {@code .} or {@code ..}, never a hidden folder, never something a shell reads as an option.
 *
 * <pre>{@code
 * ServiceNames.isValid("svcName");  // true
 * ServiceNames.isValid("..");       // false
 * }</pre>
 */
public final class ServiceNames {
    /** The rule in words, for messages that tell a user what a name may be. */
    public static final String RULE = "letters, digits, '_', '-' or '.', not starting with '.' or '-'";

    private ServiceNames() {
    }

    /**
     * Whether {@code name} is a service name. A loop, not a regular expression: the HTTP
     * front-end asks it of every request's path on its direct path.
     */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.charAt(0) == '.' || name.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
