package io.aiges.plugin.c;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * What {@code wrapperSetCtrl} installs, before {@code wrapperInit}: for each {@code CtrlType}
 * (metering {@code CTMeterCustom = 0}, {@code CTMetricsLog = 1}, {@code CTTraceLog = 2}) one
 * function that accepts whatever it is called with and returns 0.
 *
 * <p>The original loader never calls wrapperSetCtrl, and nowhere documents the signatures of the
 * functions it would pass; an engine that stores them and calls them unconditionally would then
 * crash on NULL. A do-nothing function is safe for any C signature on the LP64 calling
 * conventions aiges supports (the callee ignores argument registers, the caller pops its own
 * stack arguments) and reads as success whether the engine expects an int, a pointer or nothing.
 * Metering and trace records an engine makes are dropped: aiges's metrics and logs are its own.
 */
final class ControlFunctions {
    private static final Logger log = LoggerFactory.getLogger(ControlFunctions.class);
    /** CTMeterCustom, CTMetricsLog, CTTraceLog. */
    private static final int[] TYPES = {0, 1, 2};
    private static final MemorySegment NO_OP = noOp();

    private ControlFunctions() {
    }

    /** Calls wrapperSetCtrl for every type, if the library exports it; a refusal is logged, not fatal. */
    static void install(WrapperFunctions functions) {
        if (!functions.exports("wrapperSetCtrl")) {
            return;
        }
        for (int type : TYPES) {
            int ret = functions.setCtrl(type, NO_OP);
            if (ret != 0) {
                log.info("{}: wrapperSetCtrl({}) returned {}: {}", functions.library(), type, ret,
                        functions.errorText(ret));
            }
        }
    }

    @SuppressWarnings("unused") // the upcall's target
    private static long ignore() {
        return 0;
    }

    private static MemorySegment noOp() {
        try {
            var target = MethodHandles.lookup().findStatic(ControlFunctions.class, "ignore",
                    MethodType.methodType(long.class));
            // Returns a full register of zeros: 0, NULL or false, whatever the engine reads.
            return Linker.nativeLinker().upcallStub(target, FunctionDescriptor.of(JAVA_LONG), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no-op method missing", e);
        }
    }
}
