package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Personalisation resources named by the configuration, loaded with {@code wrapperLoadRes} right
 * after {@code wrapperInit} and unloaded with {@code wrapperUnloadRes} right before
 * {@code wrapperFini}. Requests then name them by id in their {@code psrIds} parameter.
 *
 * <pre>{@code
 * [engine.resources]
 * 1 = "./hotwords.txt"      # id = file, relative to aiges.toml
 * }</pre>
 *
 * Each is given to the engine as the original's ABI describes: a list of one node of type
 * {@code DataPer} (4), status {@code DataEnd} (2), the file's bytes as data, its file name as key
 * and its absolute path as descriptor {@code path}. The original loader never calls these
 * functions (its resource operations are no-ops); a fixed set from the configuration is the
 * smallest way to make them reachable, and changing it means a restart, as for {@code [wrapper]}.
 */
final class Resources {
    private static final Logger log = LoggerFactory.getLogger(Resources.class);
    /** The loader options holding them: {@code resources.<id> = <file>}. */
    static final String PREFIX = "resources.";
    /** The original's WrapperInitErr: the engine is not usable as configured. */
    private static final int INIT_FAILED = 10901;

    /** Resource files by id, in id order (ids as the C unsigned int). */
    private final Map<Long, Path> files;
    private final List<Integer> loaded = new ArrayList<>();

    private Resources(Map<Long, Path> files) {
        this.files = files;
    }

    /** The resources a spec names; 10901 for an id that is not an unsigned int or a file that does not exist. */
    static Resources of(EngineSpec spec) throws WrapperException {
        Map<Long, Path> files = new TreeMap<>();
        for (Map.Entry<String, String> option : spec.options().entrySet()) {
            if (!option.getKey().startsWith(PREFIX)) {
                continue;
            }
            String id = option.getKey().substring(PREFIX.length());
            long value;
            try {
                value = Integer.toUnsignedLong(PsrIds.parse(id, Params.EMPTY));
            } catch (WrapperException e) {
                throw new WrapperException(INIT_FAILED, "[engine.resources] " + id
                        + ": a resource id is an integer from 0 to 4294967295");
            }
            Path file = spec.baseDir().resolve(option.getValue()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new WrapperException(INIT_FAILED, "[engine.resources] " + id + " = \"" + option.getValue()
                        + "\": no such file " + file);
            }
            files.put(value, file);
        }
        return new Resources(files);
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    /** Loads every resource; on a failure, unloads those already loaded and fails with 10901. */
    void load(WrapperFunctions functions) throws WrapperException {
        if (!files.isEmpty() && !functions.exports("wrapperLoadRes")) {
            throw new WrapperException(NativeLibrary.LOAD_FAILED, "[engine.resources] names resources, but engine "
                    + "library " + functions.library() + " does not export wrapperLoadRes");
        }
        for (Map.Entry<Long, Path> resource : files.entrySet()) {
            int id = resource.getKey().intValue();
            Path file = resource.getValue();
            int ret;
            try (Arena call = Arena.ofConfined()) {
                DataItem item = new DataItem(file.getFileName().toString(), Files.readAllBytes(file), DataType.OTHER,
                        DataStatus.END, Map.of("path", file.toString()));
                ret = functions.loadRes(DataLists.write(List.of(item), call), id);
            } catch (IOException e) {
                unload(functions);
                throw new WrapperException(INIT_FAILED, "cannot read resource " + resource.getKey() + " (" + file
                        + "): " + e.getMessage());
            }
            if (ret != 0) {
                unload(functions);
                throw new WrapperException(INIT_FAILED, "wrapperLoadRes of resource " + resource.getKey() + " ("
                        + file + ") failed: " + functions.errorText(ret) + ";code=" + ret);
            }
            loaded.add(id);
            log.info("{}: loaded resource {} from {}", functions.library(), resource.getKey(), file);
        }
    }

    /** Unloads what {@link #load} loaded, in reverse order; failures are logged. */
    void unload(WrapperFunctions functions) {
        if (loaded.isEmpty()) {
            return;
        }
        if (!functions.exports("wrapperUnloadRes")) {
            log.info("{} does not export wrapperUnloadRes: its resources are left to wrapperFini", functions.library());
            loaded.clear();
            return;
        }
        for (int i = loaded.size() - 1; i >= 0; i--) {
            int id = loaded.get(i);
            int ret = functions.unloadRes(id);
            if (ret != 0) {
                log.warn("wrapperUnloadRes({}) of {} failed: {};code={}", Integer.toUnsignedLong(id),
                        functions.library(), functions.errorText(ret), ret);
            }
        }
        loaded.clear();
    }
}
