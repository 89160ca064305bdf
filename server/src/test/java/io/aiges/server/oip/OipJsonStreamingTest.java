package io.aiges.server.oip;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiges.engine.AigesException;
import io.aiges.server.SeededDamage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inference requests are read token by token when they can be; the result must be exactly what
 * the tree reading gives (or, by handing over to it, the same error), over seeded random requests
 * of every datatype, nested and flat, with the members in any order, and damaged copies of them.
 */
class OipJsonStreamingTest {
    private static final String[] TYPES = {"BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32",
            "INT64", "FP16", "FP32", "FP64", "BYTES"};
    private static final ObjectMapper WRITER = new ObjectMapper();
    private static final OipJson OIP = new OipJson(JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build());

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomRequestsReadTheSameBothWays(long seed) throws Exception {
        sameOutcome(request(new Random(seed)));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void damagedRequestsFailTheSameBothWays(long seed) throws Exception {
        Random random = new Random(seed ^ 0x9E3779B97F4A7C15L);
        byte[] body = request(random);
        byte[] damaged = SeededDamage.of(body, random, "{}[]\",:0-.e9a ");
        sameOutcome(damaged);
    }

    @Test
    void theSeedTensorRequestIsReadWithoutTheTree() throws Exception {
        byte[] seed = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("..", "fixtures", "mnist-oip-request.json"));
        sameOutcome(seed);
        // Equal outcomes could both come from the tree: the token reading must have taken this one.
        assertThat(OIP.streamed("m", "1", seed)).isNotNull();
    }

    @Test
    void mostNumericRequestsTakeTheTokenReading() throws Exception {
        int streamed = 0;
        for (long seed = 0; seed < 300; seed++) {
            if (OIP.streamed("m", "1", request(new Random(seed))) != null) {
                streamed++;
            }
        }
        // A request with any BYTES or BOOL input, data before its datatype or a bad shape goes to
        // the tree; with up to three shuffled inputs that is most of these (55 of 300 take the tokens).
        assertThat(streamed).as("requests read without the tree, of 300").isGreaterThan(40);
    }

    private static void sameOutcome(byte[] body) {
        String viaTree = outcome(() -> OIP.requestTree("m", "1", body, -1));
        String viaReader = outcome(() -> OIP.request("m", "1", body, -1));
        assertThat(viaReader).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(viaTree);
    }

    private interface Reading {
        InferRequest run();
    }

    private static String outcome(Reading reading) {
        try {
            return describe(reading.run());
        } catch (AigesException e) {
            return "error " + e.code() + ": " + e.getMessage();
        }
    }

    private static String describe(InferRequest request) {
        List<String> parts = new ArrayList<>();
        parts.add(request.model() + " " + request.version() + " id=" + request.id() + " " + request.parameters());
        for (Tensor t : request.inputs()) {
            parts.add(t.name() + " " + t.datatype() + " " + Arrays.toString(t.shape()) + " " + t.parameters() + " "
                    + Base64.getEncoder().encodeToString(t.data()));
        }
        request.outputs().forEach(o -> parts.add("out " + o.name() + " " + o.parameters()));
        return String.join("\n", parts);
    }

    /** A request as clients write them: some inputs, maybe an id, parameters and outputs, members shuffled. */
    private static byte[] request(Random random) throws Exception {
        ObjectNode root = WRITER.createObjectNode();
        List<Runnable> members = new ArrayList<>();
        ArrayNode inputs = WRITER.createArrayNode();
        for (int i = random.nextInt(3) + 1; i > 0; i--) {
            String type = TYPES[random.nextInt(TYPES.length)];
            RandomTensor tensor = RandomTensor.of(type, random.nextLong());
            ObjectNode input = WRITER.createObjectNode();
            List<Runnable> fields = new ArrayList<>();
            fields.add(() -> input.put("name", "in" + input.hashCode() % 7));
            fields.add(() -> input.put("datatype", type));
            fields.add(() -> {
                ArrayNode shape = input.putArray("shape");
                Arrays.stream(tensor.shape()).forEach(shape::add);
                if (random.nextInt(15) == 0) {
                    shape.add(2); // a shape the data does not fill: an error for both readings
                }
            });
            fields.add(() -> input.set("data", tensor.json(random.nextBoolean())));
            if (random.nextInt(4) == 0) {
                fields.add(() -> input.putObject("parameters").put("content_type", "np").put("n", 3));
            }
            java.util.Collections.shuffle(fields, random); // "data" sometimes before "datatype"
            fields.forEach(Runnable::run);
            inputs.add(input);
        }
        members.add(() -> root.set("inputs", inputs));
        if (random.nextBoolean()) {
            members.add(() -> {
                if (random.nextBoolean()) {
                    root.put("id", "req-" + random.nextInt(100));
                } else {
                    root.put("id", random.nextInt(100));
                }
            });
        }
        if (random.nextBoolean()) {
            members.add(() -> root.putObject("parameters").put("binary_data_output", random.nextBoolean()));
        }
        if (random.nextBoolean()) {
            members.add(() -> root.putArray("outputs").addObject().put("name", "out"));
        }
        java.util.Collections.shuffle(members, random);
        members.forEach(Runnable::run);
        return WRITER.writeValueAsBytes(root);
    }
}
