package io.aiges.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.service.OnceResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers are written by hand ({@link JsonBytes}) for speed; they must be the very bytes
 * Jackson's generator wrote for them before, over seeded random results and errors whose strings
 * hold every kind of character JSON escapes or encodes.
 */
class OnceResponseEncoderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final OnceResponseEncoder ENCODER = new OnceResponseEncoder();

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void answersAreTheBytesJacksonWrites(long seed) throws Exception {
        Random random = new Random(seed);
        List<DataItem> outputs = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            DataType type = DataType.values()[random.nextInt(DataType.values().length)];
            byte[] data = type == DataType.TEXT ? text(random).getBytes(StandardCharsets.UTF_8) : bytes(random);
            Map<String, String> descriptors = new HashMap<>();
            for (int d = random.nextInt(4); d > 0; d--) {
                descriptors.put(text(random), text(random));
            }
            outputs.add(new DataItem("out" + i + text(random), data, type,
                    DataStatus.values()[random.nextInt(DataStatus.values().length)], descriptors));
        }
        OnceResult result = new OnceResult(text(random), DataStatus.values()[random.nextInt(4)], outputs);
        assertThat(new String(ENCODER.success(result), StandardCharsets.UTF_8))
                .isEqualTo(new String(jacksonSuccess(result), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void errorsAreTheBytesJacksonWrites(long seed) throws Exception {
        Random random = new Random(seed);
        AigesException error = AigesError.values()[random.nextInt(AigesError.values().length)].exception(text(random));
        String sid = text(random);
        assertThat(new String(ENCODER.error(error, sid), StandardCharsets.UTF_8))
                .isEqualTo(new String(jacksonError(error, sid), StandardCharsets.UTF_8));
    }

    /** Jackson refuses a lone surrogate; it is written as its escape and reads back as itself. */
    @Test
    void aLoneSurrogateIsEscapedAndReadsBack() throws Exception {
        String odd = "a\uD800b\uDC00c\uDBFF";
        JsonNode answer = MAPPER.readTree(ENCODER.error(AigesError.INVALID_DATA.exception(odd), "s"));
        assertThat(answer.at("/header/message").textValue()).isEqualTo(odd);
        assertThat(new String(ENCODER.error(AigesError.INVALID_DATA.exception(odd), "s"), StandardCharsets.UTF_8))
                .contains("a\\uD800b\\uDC00c\\uDBFF");
    }

    @Test
    void aMissingMessageIsNull() throws Exception {
        AigesException bare = new AigesException(AigesError.WRAPPER_EXEC, null);
        assertThat(MAPPER.readTree(ENCODER.error(bare, "s")).at("/header/message").isNull()).isTrue();
    }

    /** Characters from every class the writer treats apart: ASCII, escapes, controls, 2-, 3- and 4-byte UTF-8. */
    private static String text(Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            switch (random.nextInt(9)) {
                case 0 -> out.append((char) random.nextInt(0x20));
                case 1 -> out.append("\"\\/".charAt(random.nextInt(3)));
                case 2 -> out.append((char) (0x80 + random.nextInt(0x780)));
                case 3 -> out.append((char) (0x800 + random.nextInt(0xD000)));
                case 4 -> out.appendCodePoint(0x10000 + random.nextInt(0x100000));
                case 5 -> out.append('\u007F');
                case 6 -> out.append((char) (0xE000 + random.nextInt(0x2000)));
                default -> out.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return out.toString();
    }

    private static byte[] bytes(Random random) {
        byte[] data = new byte[random.nextInt(50)];
        random.nextBytes(data);
        return data;
    }

    // ---- the encoder as it was written with Jackson: the reference ----------------------------

    private interface Body {
        void write(JsonGenerator json) throws Exception;
    }

    private static byte[] jacksonSuccess(OnceResult result) throws Exception {
        return jackson(json -> {
            json.writeObjectFieldStart("header");
            json.writeNumberField("code", 0);
            json.writeStringField("message", "success");
            json.writeStringField("sid", result.sid());
            json.writeNumberField("status", result.status().wire());
            json.writeEndObject();
            json.writeObjectFieldStart("payload");
            for (DataItem out : result.outputs()) {
                json.writeObjectFieldStart(out.key());
                for (Map.Entry<String, String> d : new TreeMap<>(out.descriptors()).entrySet()) {
                    json.writeStringField(d.getKey(), d.getValue());
                }
                if (out.type() == DataType.TEXT) {
                    json.writeStringField(out.type().jsonName(), out.asText());
                } else {
                    json.writeFieldName(out.type().jsonName());
                    json.writeBinary(out.data());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        });
    }

    private static byte[] jacksonError(AigesException error, String sid) throws Exception {
        return jackson(json -> {
            json.writeObjectFieldStart("header");
            json.writeNumberField("code", error.code());
            json.writeStringField("message", error.getMessage());
            json.writeStringField("sid", sid);
            json.writeEndObject();
        });
    }

    private static byte[] jackson(Body body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = Json.mapper(1 << 20).getFactory().createGenerator(out)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        }
        return out.toByteArray();
    }
}
