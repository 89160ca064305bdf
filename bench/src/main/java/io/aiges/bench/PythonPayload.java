package io.aiges.bench;

import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.Engine;
import io.aiges.api.EngineSpec;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.plugin.python.PythonForm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A large item through a Python worker and back: an echo {@code wrapper.py} answers the request's
 * bytes, so each call carries SIZE bytes down the pipe and SIZE bytes up. Prints the median and
 * mean per call over SECONDS after a warm-up, and checks the answer is the input. Run by
 * {@code tools/bench-python-payload.sh}, which runs it against two builds side by side.
 *   java -cp ... io.aiges.bench.PythonPayload SIZE_BYTES SECONDS
 */
public final class PythonPayload {
    private static final String WRAPPER = """
            from aiges.dto import Response, ResponseData


            class Wrapper:
                def wrapperInit(self, config):
                    return 0

                def wrapperOnceExec(self, params, reqData):
                    item = ResponseData()
                    item.key, item.type, item.status = "data", 0, 3
                    item.data = reqData.get("data").data
                    res = Response()
                    res.list = [item]
                    return res
            """;

    private PythonPayload() {
    }

    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        Path folder = Files.createTempDirectory("aiges-python-payload");
        Files.writeString(folder.resolve("wrapper.py"), WRAPPER);
        byte[] data = new byte[size];
        new Random(4).nextBytes(data);
        List<DataItem> input = List.of(DataItem.of("data", data, DataType.OTHER));
        try (Engine engine = new PythonForm().open(new EngineSpec("payload", PythonForm.NAME, "wrapper.py", null,
                Map.of(), folder))) {
            Wrapper instance = engine.newInstance();
            for (long end = System.nanoTime() + 2_000_000_000L; System.nanoTime() < end; ) {
                check(instance.once(Params.EMPTY, input), data);
            }
            long[] times = new long[1 << 20];
            int n = 0;
            long stop = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < stop && n < times.length) {
                long start = System.nanoTime();
                List<DataItem> answer = instance.once(Params.EMPTY, input);
                times[n++] = System.nanoTime() - start;
                check(answer, data);
            }
            instance.fini();
            long[] measured = Arrays.copyOf(times, n);
            Arrays.sort(measured);
            double mean = Arrays.stream(measured).average().orElse(0);
            System.out.printf(Locale.ROOT, "python payload %d bytes each way: %d calls, p50 %.3f ms, mean %.3f ms%n",
                    size, n, measured[n / 2] / 1e6, mean / 1e6);
        }
    }

    private static void check(List<DataItem> answer, byte[] data) {
        if (!Arrays.equals(answer.getFirst().data(), data)) {
            throw new AssertionError("the echo answered other bytes");
        }
    }
}
