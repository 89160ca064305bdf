package io.aiges.plugin.c.isolated;

import io.aiges.api.Engine;
import io.aiges.plugin.c.ExecBatchContract;

import java.nio.file.Path;
import java.util.Map;

/** wrapperExecBatch in the engine child: batches and their outcomes cross the wire ({@link Wire#ONCE_BATCH}). */
class IsolatedExecBatchTest extends ExecBatchContract {

    @Override
    protected Engine open(String name, Path dir) throws Exception {
        return new io.aiges.plugin.c.CForm().open(new io.aiges.api.EngineSpec(name, io.aiges.plugin.c.CForm.NAME,
                TestEngines.build(name, dir).getFileName().toString(), null, Map.of(), dir, Map.of("isolate", "true")));
    }
}
