package io.aiges.plugin.c;

import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** wrapperExecBatch called in this process; the engine's counters show who freed what. */
class ExecBatchTest extends ExecBatchContract {

    @Override
    protected Engine open(String name, Path dir) throws Exception {
        Path library = Gcc.sharedLibrary(name, dir);
        return new CForm().open(new EngineSpec(name, "c", library.getFileName().toString(), null, Map.of(), dir));
    }

    @Test
    void everyResponseIsGivenBackWithWrapperExecFreeEvenWhenTheCallFailed() throws Exception {
        Path library = dir.resolve("libbatch_engine.so");
        long before = Gcc.counter(library, "test_live_responses");
        run(List.of(request("a"), request("b", "fail", "yes"), request("c")));
        try {
            run(List.of(request("a"), request("b", "fail_batch", "yes")));
        } catch (io.aiges.api.WrapperException expected) {
            // the responses it allocated before failing are still aiges's to give back
        }
        assertThat(Gcc.counter(library, "test_live_responses")).isEqualTo(before);
        assertThat(Gcc.counter(library, "test_batch_calls")).isGreaterThanOrEqualTo(2);
    }
}
