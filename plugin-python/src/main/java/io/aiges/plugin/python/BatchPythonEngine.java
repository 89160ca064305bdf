package io.aiges.plugin.python;

import io.aiges.api.BatchEngine;
import io.aiges.api.DataItem;
import io.aiges.api.Params;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code wrapper.py} that defines {@code wrapperOnceExecBatch}: it declares batch support, and
 * every request of the service may share a batch. A key from the wrapper itself would cost a
 * call into a worker for each request before it waits, so there is none yet.
 */
final class BatchPythonEngine extends PythonEngine implements BatchEngine {

    BatchPythonEngine(SdkFolder sdk, WorkerLauncher launcher, Map<String, String> config,
                      WorkerProtocol.Declaration declaration, WorkerDevices devices, Worker probe) {
        super(sdk, launcher, config, declaration, devices, probe);
    }

    @Override
    public Optional<String> batchKey(Params params, List<DataItem> inputs) {
        return Optional.of("");
    }
}
