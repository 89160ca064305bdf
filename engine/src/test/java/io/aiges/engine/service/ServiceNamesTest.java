package io.aiges.engine.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceNamesTest {

    @ParameterizedTest
    @CsvSource({"svcName,true", "a.b-c_9,true", "_x,true", "9,true", "'',false", ".,false", "..,false",
            ".hidden,false", "-s,false", "a/b,false", "a%41,false", "a b,false", "é,false", "a:b,false"})
    void namesAreLettersDigitsAndThreeMarksNotStartingWithADotOrDash(String name, boolean valid) {
        assertThat(ServiceNames.isValid(name)).as(name).isEqualTo(valid);
    }

    /** The loop against the rule written as a regular expression, over random short strings. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void theLoopAgreesWithTheRuleAsAPattern(long seed) {
        Pattern rule = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
        String alphabet = "aZ09_.-/ %é\u0000:";
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(6);
            for (int j = 0; j < length; j++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(ServiceNames.isValid(name.toString())).as("'%s'", name)
                    .isEqualTo(rule.matcher(name).matches());
        }
    }

    @Test
    void nullIsNoName() {
        assertThat(ServiceNames.isValid(null)).isFalse();
    }
}
