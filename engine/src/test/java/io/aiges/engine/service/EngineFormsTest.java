package io.aiges.engine.service;

import io.aiges.api.EngineSpec;
import io.aiges.engine.AigesException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a failed engine load reads like: the engine's own code once, the form's framework code kept. */
class EngineFormsTest {
    private final EngineForms forms = EngineForms.onClassPath();

    @Test
    void aFailedInitKeepsItsCodeAndTheEnginesCodeAppearsOnce() {
        AigesException e = catchThrowableOfType(AigesException.class, () -> forms.open(spec("init-fails")));

        assertThat(e.code()).isEqualTo(10901);
        assertThat(e.getMessage()).endsWith("loading gate engine failed: wrapperInit of libgate.so failed: "
                + "inner error;code=-1");
    }

    @Test
    void aFailureWithoutAnEngineCodeGetsTheFormsCode() {
        AigesException e = catchThrowableOfType(AigesException.class, () -> forms.open(spec("fail")));

        assertThat(e.code()).isEqualTo(10903);
        assertThat(e.getMessage()).endsWith("this engine never loads;code=10903");
    }

    @Test
    void theCodeIsAppendedOnlyWhenTheMessageHasNone() {
        assertThat(WrapperErrors.withCode("inner error", -1)).isEqualTo("inner error;code=-1");
        assertThat(WrapperErrors.withCode("inner error;code=-1", 10901)).isEqualTo("inner error;code=-1");
        assertThat(WrapperErrors.withCode("code=3 in the text", 5)).isEqualTo("code=3 in the text;code=5");
    }

    private static EngineSpec spec(String artefact) {
        return new EngineSpec("bad", "gate", artefact, null, Map.of(), Path.of("."));
    }
}
