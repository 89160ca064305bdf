package io.aiges.plugin.c;

import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A process serving one engine as aiges does, for {@link EngineOutputTest}: opens the library
 * ({@code args[0]}, isolated when {@code args[1]} is "true"), makes one call, says "host: served"
 * on stderr and holds the engine open until its stdin closes. Its stdout is a pipe, as a
 * service's is.
 */
public final class ChattyHost {
    private ChattyHost() {
    }

    public static void main(String[] args) throws Exception {
        Path library = Path.of(args[0]);
        Engine engine = new CForm().open(new EngineSpec("chatty", "c", library.toString(), null, Map.of(),
                library.getParent(), Map.of("isolate", args[1])));
        engine.newInstance().once(new Params(Map.of("sid", "s1")), List.of());
        System.err.println("host: served");
        System.in.read(); // until the test closes our stdin
        engine.close();
    }
}
