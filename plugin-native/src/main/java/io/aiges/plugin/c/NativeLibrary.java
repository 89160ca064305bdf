package io.aiges.plugin.c;

import io.aiges.api.EngineSpec;
import io.aiges.api.WrapperException;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An opened engine library: a file named by {@code [engine] library} (relative to the config's
 * folder), or, when no such file exists, a name for the system's dlopen search
 * ({@code LD_LIBRARY_PATH}, ld.so.cache).
 *
 * @param name    what was opened, for messages: the file's path or the library name
 * @param symbols the library's exported symbols
 * @param file    the file opened, when it was found as one (not through the dlopen search)
 */
record NativeLibrary(String name, SymbolLookup symbols, Optional<Path> file) {

    /** The original loader's library name, used when the spec names none. */
    static final String DEFAULT_NAME = "libwrapper.so";

    /** The original's WrapperLoadErr. */
    static final int LOAD_FAILED = 10903;

    static NativeLibrary open(EngineSpec spec) throws WrapperException {
        Optional<Path> file = spec.artefactPath().filter(Files::isRegularFile);
        String name = file.map(Path::toString).orElseGet(() -> searchName(spec.artefact()));
        CStdout.lineBuffered();
        try {
            // The global arena never unloads the library: the ABI makes it process-wide, and an
            // engine's own threads may still run its code (a late callback) after wrapperFini.
            SymbolLookup symbols = file.isPresent()
                    ? SymbolLookup.libraryLookup(file.get(), Arena.global())
                    : SymbolLookup.libraryLookup(name, Arena.global());
            return new NativeLibrary(name, symbols, file);
        } catch (IllegalArgumentException | IllegalCallerException e) {
            String noFile = file.isPresent() ? "" : spec.artefactPath().map(p -> "; there is no file " + p).orElse("");
            throw new WrapperException(LOAD_FAILED, "cannot load engine library " + name + " (" + e.getMessage()
                    + noFile + "): set [engine] library to the path of the engine's shared library, relative to "
                    + "the config file, or put it on LD_LIBRARY_PATH");
        }
    }

    /**
     * The exported names that are C++ manglings of {@code cNames} ({@code wrapperInit} compiled
     * without {@code extern "C"} is {@code _Z11wrapperInitP9ParamList}, in a namespace
     * {@code _ZN2ns11wrapperInitE...}): the usual reason a C++ library seems to lack them. Empty
     * when there are none or the file cannot be read.
     */
    List<String> mangledForms(List<String> cNames) {
        List<String> cxx = file.map(ElfExports::of).orElse(List.of()).stream()
                .filter(symbol -> symbol.startsWith("_Z"))
                .toList();
        // In the order of cNames, so the first one named is the first missing function's.
        return cNames.stream()
                .flatMap(c -> cxx.stream().filter(symbol -> symbol.contains(c.length() + c)))
                .distinct()
                .toList();
    }

    private static String searchName(String artefact) {
        return artefact == null || artefact.isBlank() ? DEFAULT_NAME : artefact.strip();
    }
}
