package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.ErrorCodes;
import io.aiges.api.WrapperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The 15 functions of {@code include/aiges/wrapper.h}, and aiges's own optional extension
 * {@code wrapperExecBatch}, bound in one library, with typed Java entry points. wrapperInit,
 * wrapperFini, wrapperExec and wrapperExecFree are required; a library without any of the others
 * still loads, and the call mode that needs the missing one says so.
 * psrIds are the request's (see {@link PsrIds}); wrapperLoadRes and wrapperUnloadRes are called
 * for the resources the configuration names (see {@link Resources}).
 */
final class WrapperFunctions {
    private static final Logger log = LoggerFactory.getLogger(WrapperFunctions.class);
    private static final Linker LINKER = Linker.nativeLinker();

    /** The engine callback's C type: {@code int (*)(const void* usrTag, pDataList respData, int ret)}. */
    static final FunctionDescriptor CALLBACK = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);

    private static final Map<String, FunctionDescriptor> SIGNATURES = signatures();
    private static final List<String> REQUIRED = List.of("wrapperInit", "wrapperFini", "wrapperExec", "wrapperExecFree");
    private static final List<String> SESSION = List.of("wrapperCreate", "wrapperWrite", "wrapperRead", "wrapperDestroy");
    /** Not in the original ABI: an original engine never has them, so their absence is not worth a word. */
    private static final List<String> EXTENSIONS = List.of(CBatch.SYMBOL);
    private static final String NO_ERROR_TEXT = "engine error";

    private final String library;
    private final Map<String, MethodHandle> bound;

    private WrapperFunctions(String library, Map<String, MethodHandle> bound) {
        this.library = library;
        this.bound = bound;
    }

    /** Binds every function the library exports; fails (10903) naming each missing required one. */
    static WrapperFunctions bind(NativeLibrary library) throws WrapperException {
        Map<String, MethodHandle> bound = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        SIGNATURES.forEach((symbol, signature) -> {
            Optional<MemorySegment> address = library.symbols().find(symbol);
            if (address.isPresent()) {
                bound.put(symbol, LINKER.downcallHandle(address.get(), signature));
            } else {
                missing.add(symbol);
            }
        });
        List<String> missingRequired = missing.stream().filter(REQUIRED::contains).toList();
        if (!missingRequired.isEmpty()) {
            throw new WrapperException(NativeLibrary.LOAD_FAILED, "engine library " + library.name()
                    + " does not export " + String.join(", ", missingRequired)
                    + " (required: " + String.join(", ", REQUIRED) + ")" + mangledHint(library, missingRequired));
        }
        missing.removeAll(EXTENSIONS);
        if (!missing.isEmpty()) {
            log.info("engine library {} does not export {}: the call modes needing them are unavailable",
                    library.name(), String.join(", ", missing));
        }
        return new WrapperFunctions(library.name(), bound);
    }

    /** Why C++ sources often lack the names: said when the library exports them mangled. */
    private static String mangledHint(NativeLibrary library, List<String> missing) {
        List<String> mangled = library.mangledForms(missing);
        if (mangled.isEmpty()) {
            return "";
        }
        return "; found C++ (mangled) names such as " + String.join(", ", mangled.subList(0, Math.min(2, mangled.size())))
                + ": declare the functions extern \"C\" (wrapper.h does so when included)";
    }

    String library() {
        return library;
    }

    boolean exports(String symbol) {
        return bound.containsKey(symbol);
    }

    boolean hasSessions() {
        return SESSION.stream().allMatch(bound::containsKey);
    }

    /** The error raised when a call mode needs functions the library lacks. */
    WrapperException missing(String mode, List<String> symbols) {
        List<String> absent = symbols.stream().filter(s -> !bound.containsKey(s)).toList();
        return new WrapperException(ErrorCodes.INVALID_OP, mode + " need " + String.join(", ", absent)
                + ", which engine library " + library + " does not export");
    }

    WrapperException missingSessions() {
        return missing("streaming sessions", SESSION);
    }

    /** The engine's failure {@code code}, with the engine's own text for it. */
    WrapperException failure(int code) {
        return new WrapperException(code, errorText(code));
    }

    /** wrapperError's text for {@code code}, or "engine error" when there is none. */
    String errorText(int code) {
        MethodHandle error = bound.get("wrapperError");
        if (error == null) {
            return NO_ERROR_TEXT;
        }
        String text = CStrings.readOr(address(() -> (MemorySegment) error.invokeExact(code)), NO_ERROR_TEXT);
        return text.isBlank() ? NO_ERROR_TEXT : text;
    }

    /** wrapperVersion's text, or empty when the library has none. */
    Optional<String> version() {
        MethodHandle version = bound.get("wrapperVersion");
        if (version == null) {
            return Optional.empty();
        }
        return Optional.of(CStrings.readOr(address(() -> (MemorySegment) version.invokeExact()), ""))
                .filter(v -> !v.isBlank());
    }

    int setCtrl(int type, MemorySegment function) {
        MethodHandle h = bound.get("wrapperSetCtrl");
        return call(() -> (int) h.invokeExact(type, function));
    }

    int init(MemorySegment config) {
        MethodHandle h = bound.get("wrapperInit");
        return call(() -> (int) h.invokeExact(config));
    }

    int fini() {
        MethodHandle h = bound.get("wrapperFini");
        return call(() -> (int) h.invokeExact());
    }

    int exec(MemorySegment usrTag, MemorySegment params, MemorySegment req, MemorySegment respOut,
             MemorySegment psrIds, int psrCnt) {
        MethodHandle h = bound.get("wrapperExec");
        return call(() -> (int) h.invokeExact(usrTag, params, req, respOut, psrIds, psrCnt));
    }

    int execFree(MemorySegment usrTag, MemorySegment respOut) {
        MethodHandle h = bound.get("wrapperExecFree");
        return call(() -> (int) h.invokeExact(usrTag, respOut));
    }

    int execAsync(MemorySegment usrTag, MemorySegment params, MemorySegment req, MemorySegment callback,
                  int timeoutMs, MemorySegment psrIds, int psrCnt) {
        MethodHandle h = bound.get("wrapperExecAsync");
        return call(() -> (int) h.invokeExact(usrTag, params, req, callback, timeoutMs, psrIds, psrCnt));
    }

    /** wrapperExecBatch (see {@link CBatch}): every array holds {@code count} elements. */
    int execBatch(int count, MemorySegment usrTags, MemorySegment params, MemorySegment reqs, MemorySegment resps,
                  MemorySegment rets, MemorySegment psrIds, int psrCnt) {
        MethodHandle h = bound.get(CBatch.SYMBOL);
        return call(() -> (int) h.invokeExact(count, usrTags, params, reqs, resps, rets, psrIds, psrCnt));
    }

    /** wrapperCreate; {@code callback} is NULL for sync sessions (results polled with wrapperRead). */
    MemorySegment create(MemorySegment usrTag, MemorySegment params, MemorySegment callback, MemorySegment psrIds,
                         int psrCnt, MemorySegment errNumOut) {
        MethodHandle h = bound.get("wrapperCreate");
        return address(() -> (MemorySegment) h.invokeExact(usrTag, params, callback, psrIds, psrCnt, errNumOut));
    }

    int loadRes(MemorySegment perData, int resId) {
        MethodHandle h = bound.get("wrapperLoadRes");
        return call(() -> (int) h.invokeExact(perData, resId));
    }

    int unloadRes(int resId) {
        MethodHandle h = bound.get("wrapperUnloadRes");
        return call(() -> (int) h.invokeExact(resId));
    }

    /** wrapperWrite of one frame, copied into a list that lives for the call; the engine's failure, if any. */
    void writeFrame(MemorySegment handle, List<DataItem> inputs) throws WrapperException {
        try (Arena call = Arena.ofConfined()) {
            int ret = write(handle, DataLists.write(inputs, call));
            if (ret != 0) {
                throw failure(ret);
            }
        }
    }

    /** wrapperDebugInfo (logged, when debug logging is on) then wrapperDestroy; a failure is logged. */
    void destroySession(MemorySegment handle, String usrTag) {
        if (log.isDebugEnabled()) {
            debugInfo(handle).ifPresent(info -> log.debug("session {} debug info: {}", usrTag, info));
        }
        int ret = destroy(handle);
        if (ret != 0) {
            log.warn("session {}: wrapperDestroy of {} failed: {};code={}", usrTag, library, errorText(ret), ret);
        }
    }

    int write(MemorySegment handle, MemorySegment req) {
        MethodHandle h = bound.get("wrapperWrite");
        return call(() -> (int) h.invokeExact(handle, req));
    }

    int read(MemorySegment handle, MemorySegment respOut) {
        MethodHandle h = bound.get("wrapperRead");
        return call(() -> (int) h.invokeExact(handle, respOut));
    }

    int destroy(MemorySegment handle) {
        MethodHandle h = bound.get("wrapperDestroy");
        return call(() -> (int) h.invokeExact(handle));
    }

    /** wrapperDebugInfo's text for a session, if the library has it. */
    Optional<String> debugInfo(MemorySegment handle) {
        MethodHandle h = bound.get("wrapperDebugInfo");
        if (h == null) {
            return Optional.empty();
        }
        return Optional.of(CStrings.readOr(address(() -> (MemorySegment) h.invokeExact(handle)), ""));
    }

    private static Map<String, FunctionDescriptor> signatures() {
        Map<String, FunctionDescriptor> s = new LinkedHashMap<>();
        s.put("wrapperSetCtrl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        s.put("wrapperInit", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        s.put("wrapperFini", FunctionDescriptor.of(JAVA_INT));
        s.put("wrapperError", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        s.put("wrapperVersion", FunctionDescriptor.of(ADDRESS));
        s.put("wrapperLoadRes", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        s.put("wrapperUnloadRes", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        s.put("wrapperCreate", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        s.put("wrapperWrite", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        s.put("wrapperRead", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        s.put("wrapperDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        s.put("wrapperExec", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        s.put("wrapperExecFree", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        s.put("wrapperExecAsync", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
                JAVA_INT));
        s.put("wrapperDebugInfo", FunctionDescriptor.of(ADDRESS, ADDRESS));
        s.put(CBatch.SYMBOL, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, JAVA_INT));
        return Collections.unmodifiableMap(s);
    }

    /** A downcall returning int; downcalls throw nothing checked, the signature just says Throwable. */
    private interface IntCall {
        int run() throws Throwable;
    }

    private interface AddressCall {
        MemorySegment run() throws Throwable;
    }

    private static int call(IntCall c) {
        try {
            return c.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed", t);
        }
    }

    private static MemorySegment address(AddressCall c) {
        try {
            return c.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed", t);
        }
    }
}
