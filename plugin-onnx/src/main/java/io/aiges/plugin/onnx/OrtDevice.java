package io.aiges.plugin.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.aiges.api.WrapperException;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a model file runs: {@code [engine] device = "cpu"} (the default), {@code "cuda:N"} or
 * {@code "tensorrt:N"} (ONNX Runtime's CUDA and TensorRT execution providers on GPU {@code N}).
 * The distribution carries ONNX Runtime's CPU build; a GPU device needs its GPU build
 * ({@code onnxruntime_gpu}) and, on the machine, the NVIDIA driver with the CUDA 12 and cuDNN 9
 * runtime libraries. Where one of these is missing, start-up fails with one message that says
 * which (docs/gpu.md), rather than ONNX Runtime's own or a silent fall-back to the CPU.
 */
public record OrtDevice(Kind kind, int index) {
    /** The {@code [engine]} key. */
    public static final String OPTION = "device";
    public static final OrtDevice CPU = new OrtDevice(Kind.CPU, 0);
    /** More GPUs than any machine holds: a larger index is a typo. */
    static final int MAX_INDEX = 63;
    private static final Pattern GPU = Pattern.compile("(cuda|tensorrt):(\\d{1,4})");

    /** The execution providers aiges can put a model on. */
    public enum Kind {
        CPU, CUDA, TENSORRT
    }

    /** The device the loader options name; the CPU when they name none. */
    public static OrtDevice of(Map<String, String> options) throws WrapperException {
        String value = options.getOrDefault(OPTION, "").strip();
        if (value.isEmpty() || value.equalsIgnoreCase("cpu")) {
            return CPU;
        }
        Matcher gpu = GPU.matcher(value.toLowerCase(Locale.ROOT));
        if (!gpu.matches() || Integer.parseInt(gpu.group(2)) > MAX_INDEX) {
            throw new WrapperException(OrtSessions.LOAD_FAILED, "[engine] device = \"" + value
                    + "\": expected \"cpu\", \"cuda:N\" or \"tensorrt:N\" with N the GPU's index from 0 to " + MAX_INDEX);
        }
        return new OrtDevice(gpu.group(1).equals("cuda") ? Kind.CUDA : Kind.TENSORRT, Integer.parseInt(gpu.group(2)));
    }

    /**
     * Puts sessions made with {@code options} on this device, or fails naming what is missing:
     * the GPU build of ONNX Runtime, or (from ONNX Runtime's own message) a library or the GPU.
     */
    void apply(OrtSession.SessionOptions options) throws WrapperException {
        if (kind == Kind.CPU) {
            return;
        }
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        OrtProvider wanted = kind == Kind.CUDA ? OrtProvider.CUDA : OrtProvider.TENSOR_RT;
        if (!available.contains(wanted)) {
            throw new WrapperException(OrtSessions.LOAD_FAILED, "[engine] device = \"" + this + "\": this ONNX Runtime"
                    + " is a build without the " + wanted.getName() + " (it has " + available
                    + "); a GPU device needs ONNX Runtime's GPU build, com.microsoft.onnxruntime:onnxruntime_gpu, in"
                    + " place of com.microsoft.onnxruntime:onnxruntime (see docs/gpu.md)");
        }
        try {
            if (kind == Kind.TENSORRT) {
                options.addTensorrt(index);
            }
            // TensorRT hands what it cannot run to CUDA, as Triton's onnxruntime backend does.
            options.addCUDA(index);
        } catch (OrtException e) {
            throw new WrapperException(OrtSessions.LOAD_FAILED, "[engine] device = \"" + this + "\": ONNX Runtime's "
                    + wanted.getName() + " could not start: " + e.getMessage() + " (it needs an NVIDIA GPU with index "
                    + index + ", its driver, and the CUDA 12 and cuDNN 9 runtime libraries on the library path; see"
                    + " docs/gpu.md)", e);
        }
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : kind.name().toLowerCase(Locale.ROOT) + ":" + index;
    }
}
