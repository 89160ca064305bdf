package io.aiges.plugin.python;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The devices given to the workers ({@code [engine] devices = ["0", "1"]}): worker {@code n}
 * sees only {@code devices[n % size]} through {@code CUDA_VISIBLE_DEVICES}, so four workers on
 * two GPUs share them two and two instead of all loading onto GPU 0, which is where CUDA
 * libraries put a model when nothing says otherwise. An entry may name several devices
 * ({@code "0,1"}), as {@code CUDA_VISIBLE_DEVICES} does. With no list, the variable is left as
 * the loader's environment has it.
 */
final class WorkerDevices {
    /** The {@code [engine]} key; the config loader passes the list's entries separated by spaces. */
    static final String OPTION = "devices";
    static final String VARIABLE = "CUDA_VISIBLE_DEVICES";

    private final List<String> devices;

    private WorkerDevices(List<String> devices) {
        this.devices = devices;
    }

    /** The devices the loader options list, or none. */
    static WorkerDevices of(Map<String, String> options) {
        String value = options.getOrDefault(OPTION, "").strip();
        return new WorkerDevices(value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+")));
    }

    /** What {@code CUDA_VISIBLE_DEVICES} worker {@code n} (from 0) gets, or empty to leave it alone. */
    Optional<String> forWorker(int n) {
        return devices.isEmpty() ? Optional.empty() : Optional.of(devices.get(Math.floorMod(n, devices.size())));
    }
}
