package io.aiges.plugin.c;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Builds the test engines in {@code src/test/c} against the repository's {@code include/} with gcc. */
final class Gcc {
    static final Path MODULE = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    static final Path INCLUDE = MODULE.getParent().resolve("include");
    static final Path SOURCES = MODULE.resolve("src/test/c");

    private Gcc() {
    }

    /** Compiles {@code src/test/c/<name>.c} into {@code dir/lib<name>.so}. */
    static Path sharedLibrary(String name, Path dir) throws IOException, InterruptedException {
        Path library = dir.resolve("lib" + name + ".so");
        run(List.of("gcc", "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-pthread", "-I", INCLUDE.toString(),
                SOURCES.resolve(name + ".c").toString(), "-o", library.toString()));
        return library;
    }

    /**
     * Compiles {@code src/test/c/<source>} as sources written for the original headers are built:
     * with the flat {@code -I include/aiges}, by gcc or, when {@code cxx}, as C++ by g++; into
     * {@code dir/lib<name>.so}. {@code -Wno-attributes}: the original's {@code const char*
     * WrapperAPI f(...)} draws "visibility attribute ignored" whichever headers it meets.
     */
    static Path flatIncludeLibrary(String source, boolean cxx, String name, Path dir)
            throws IOException, InterruptedException {
        Path library = dir.resolve("lib" + name + ".so");
        List<String> command = new ArrayList<>(cxx ? List.of("g++", "-x", "c++") : List.of("gcc"));
        command.addAll(List.of("-shared", "-fPIC", "-O1", "-Wall", "-Wextra", "-Werror", "-Wno-attributes", "-pthread",
                "-I", INCLUDE.resolve("aiges").toString(), SOURCES.resolve(source).toString(), "-o", library.toString()));
        run(command);
        return library;
    }

    /** Compiles {@code src/test/c/<name>.c} into an executable and returns what it prints. */
    static String runProgram(String name, Path dir) throws IOException, InterruptedException {
        Path program = dir.resolve(name);
        run(List.of("gcc", "-O1", "-Wall", "-Werror", "-I", INCLUDE.toString(),
                SOURCES.resolve(name + ".c").toString(), "-o", program.toString()));
        return run(List.of(program.toString()));
    }

    /** Calls an exported {@code long f(void)} test counter of a library. */
    static long counter(Path library, String function) {
        return (long) invoke(library, function, FunctionDescriptor.of(JAVA_LONG));
    }

    /** Calls an exported {@code const char* f(void)} of a library. */
    static String text(Path library, String function) {
        MemorySegment s = (MemorySegment) invoke(library, function, FunctionDescriptor.of(ADDRESS));
        return s.reinterpret(Long.MAX_VALUE).getString(0);
    }

    private static Object invoke(Path library, String function, FunctionDescriptor signature) {
        // dlopen of the same path returns the already loaded library, so these are the engine's own counters.
        MemorySegment symbol = SymbolLookup.libraryLookup(library, Arena.global()).findOrThrow(function);
        MethodHandle handle = Linker.nativeLinker().downcallHandle(symbol, signature);
        try {
            return handle.invoke();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
