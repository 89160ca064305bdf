package io.aiges.engine.service;

import io.aiges.api.Params;
import io.aiges.api.ServiceSchema;
import io.aiges.engine.AigesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestCheckTest {
    private static final ServiceSchema SCHEMA = new ServiceSchema(List.of(), List.of(), List.of(
            new ServiceSchema.Param("n", "integer", "a count", "0", false),
            new ServiceSchema.Param("rate", "number", null, null, false),
            new ServiceSchema.Param("on", "boolean", null, null, false),
            new ServiceSchema.Param("lang", "string", "the language", null, true)));

    private static Params params(String key, String value) {
        Map<String, String> values = new HashMap<>(Map.of("lang", "en"));
        values.put(key, value);
        return new Params(values);
    }

    @ParameterizedTest
    @CsvSource({"n,16000", "n,-3", "n,1e3", "n,2.0", "rate,0.5", "rate,-1e-7", "on,true", "on,FALSE", "lang,any", "extra,whatever"})
    void valuesOfTheDeclaredTypePass(String key, String value) {
        assertThatCode(() -> RequestCheck.params(params(key, value), SCHEMA)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({"n,abc", "n,1.5", "n,''", "rate,fast", "on,yes", "on,1"})
    void valuesOfAnotherTypeAre10107(String key, String value) {
        assertThatThrownBy(() -> RequestCheck.params(params(key, value), SCHEMA))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10107))
                .hasMessageContaining("'" + key + "'");
    }

    @ParameterizedTest
    @CsvSource({"n,1e999999999", "n,1e5000000", "rate,-1e-999999999", "rate,1E+2147483647", "rate,0.0e-99999999999"})
    void numbersBeyondThePlainDecimalBoundAre10107AtOnce(String key, String value) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> RequestCheck.params(params(key, value), SCHEMA))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10107));
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }

    @Test
    void aHugeValueIsEchoedCutShort() {
        String digits = "1".repeat(2_000_000);
        assertThatThrownBy(() -> RequestCheck.params(params("n", digits + ".5"), SCHEMA))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10107))
                .hasMessageContaining("(2000002 chars)").message().hasSizeLessThan(300);
    }

    @Test
    void aMissingRequiredParameterIs10106() {
        assertThatThrownBy(() -> RequestCheck.params(new Params(Map.of("n", "1")), SCHEMA))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10106))
                .hasMessageContaining("'lang' is required").hasMessageContaining("the language");
    }

    @Test
    void aRequiredInputThatIsMissingIs10009NamingIt() {
        ServiceSchema schema = new ServiceSchema(List.of(
                new ServiceSchema.Field("img", io.aiges.api.DataType.IMAGE, "a digit", Map.of(), true),
                new ServiceSchema.Field("hint", io.aiges.api.DataType.TEXT, "optional", Map.of())), List.of(), List.of());
        io.aiges.api.DataItem other = io.aiges.api.DataItem.text("picture", "x");
        assertThatThrownBy(() -> RequestCheck.inputs(List.of(other), schema))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10009))
                .hasMessageContaining("input 'img' is required (a digit); the request has 'picture'");
        assertThatThrownBy(() -> RequestCheck.inputs(List.of(), schema)).hasMessageContaining("the request has none");
        assertThatCode(() -> RequestCheck.inputs(List.of(io.aiges.api.DataItem.text("img", "x")), schema))
                .doesNotThrowAnyException();
    }
}
