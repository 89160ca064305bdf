package io.aiges.plugin.c;

import io.aiges.api.DataType;
import io.aiges.api.EngineSpec;
import io.aiges.api.ServiceSchema;
import io.aiges.api.WrapperException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Inputs, outputs and parameters of a C engine, as aiges.toml declares them (flattened to options). */
class DeclaredSchemaTest {

    private static ServiceSchema schema(Map<String, String> options) throws WrapperException {
        return DeclaredSchema.of(new EngineSpec("svc", "c", "libwrapper.so", null, Map.of(), Path.of("."), options));
    }

    @Test
    void fieldsAndParamsAreReadWithTheirDescriptorsAndSortedByName() throws WrapperException {
        ServiceSchema schema = schema(Map.ofEntries(
                Map.entry("inputs.text.type", "text"), Map.entry("inputs.text.encoding", "utf8"),
                Map.entry("inputs.text.description", "what to echo"), Map.entry("inputs.audio", "audio"),
                Map.entry("outputs.result.type", "text"), Map.entry("outputs.result.format", "json"),
                Map.entry("params.lang.type", "string"), Map.entry("params.lang.required", "true"),
                Map.entry("params.lang.default", "en"), Map.entry("params.speed.type", "number"),
                Map.entry("asyncMode", "true")));

        assertThat(schema.inputs()).containsExactly(
                new ServiceSchema.Field("audio", DataType.AUDIO, "", Map.of()),
                new ServiceSchema.Field("text", DataType.TEXT, "what to echo", Map.of("encoding", "utf8")));
        assertThat(schema.outputs()).containsExactly(
                new ServiceSchema.Field("result", DataType.TEXT, "", Map.of("format", "json")));
        assertThat(schema.params()).containsExactly(
                new ServiceSchema.Param("lang", "string", "", "en", true),
                new ServiceSchema.Param("speed", "number", "", null, false));
    }

    @Test
    void nothingDeclaredIsTheEmptySchema() throws WrapperException {
        assertThat(schema(Map.of("isolate", "true"))).isEqualTo(ServiceSchema.EMPTY);
    }

    @Test
    void mistakesNameTheTableAndWhatWasExpected() {
        WrapperException badType = catchThrowableOfType(WrapperException.class,
                () -> schema(Map.of("inputs.img.type", "picture")));
        WrapperException badParam = catchThrowableOfType(WrapperException.class,
                () -> schema(Map.of("params.n.type", "int")));
        WrapperException badKey = catchThrowableOfType(WrapperException.class,
                () -> schema(Map.of("params.n.requird", "true")));
        WrapperException notATable = catchThrowableOfType(WrapperException.class,
                () -> schema(Map.of("outputs", "result")));

        assertThat(badType.code()).isEqualTo(10901);
        assertThat(badType.getMessage()).isEqualTo("[engine.inputs.img] type: expected text, audio, image, video or other, got \"picture\"");
        assertThat(badParam.getMessage()).startsWith("[engine.params.n] type: expected string, integer, number or boolean");
        assertThat(badKey.getMessage()).contains("[engine.params.n] requird: unknown key");
        assertThat(notATable.getMessage()).contains("[engine.outputs.NAME]");
    }
}
