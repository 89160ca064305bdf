package io.aiges.plugin.python;

import io.aiges.api.Engine;
import io.aiges.api.Wrapper;

import java.nio.file.Path;
import java.util.Map;

/**
 * A stand-in for the aiges process in {@link ParentDeathTest}: opens the wrapper in the folder
 * given as argument with two instances, prints their worker pids, and waits to be killed.
 */
public final class EngineHost {
    private EngineHost() {
    }

    public static void main(String[] args) throws Exception {
        Engine engine = Wrappers.open(Path.of(args[0]), Map.of());
        Wrapper one = engine.newInstance();
        Wrapper two = engine.newInstance();
        System.out.println("PIDS " + ((PythonWrapper) one).workerPid() + " " + ((PythonWrapper) two).workerPid());
        System.out.flush();
        Thread.sleep(60_000);
    }
}
