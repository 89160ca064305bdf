package io.aiges.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TomlLineLocatorTest {

    private static final String TEXT = """
            # a = 1 in a comment
            top = "x = 1"            # line 2
            fc.max = 9               # line 3: a dotted key at the top
            [aiges]                  # line 4
            note = \"""
            max = 5 inside a string
            \"""
            sub = 'it''s'            # line 8
            [ "wrapper" ]            # line 9
            "common.lic" = "10"      # line 10
            'log.level' = "debug"    # line 11
            list = [
              "max = 1",
            ]
            [[items]]                # line 15
            max = 1
            [[items]]
            max = 2                  # not a duplicate: another element
            [fc]
            ttl = 3                  # line 20
            lit = '''
            ttl = 4
            '''
            """;

    private final TomlLineLocator lines = TomlLineLocator.of(TEXT);

    @Test
    void findsKeysUnderTheirTable() {
        assertThat(lines.lineOf("aiges", "sub")).hasValue(8);
        assertThat(lines.lineOf("wrapper", "common.lic")).hasValue(10);
        assertThat(lines.lineOf("wrapper", "log.level")).hasValue(11);
        assertThat(lines.lineOf("wrapper", "list")).hasValue(12);
        assertThat(lines.lineOf("fc", "ttl")).hasValue(20);
    }

    @Test
    void findsDottedKeysAndTopLevelKeys() {
        assertThat(lines.lineOf("fc", "max")).hasValue(3);
        assertThat(lines.lineOf("top")).hasValue(2);
    }

    @Test
    void findsTableHeaders() {
        assertThat(lines.lineOf("aiges")).hasValue(4);
        assertThat(lines.lineOf("wrapper")).hasValue(9);
    }

    @Test
    void isNotFooledByStringsAndComments() {
        assertThat(lines.lineOf("aiges", "max")).isEmpty();
        assertThat(lines.lineOf("aiges", "note")).hasValue(5);
        assertThat(lines.lineOf("a")).isEmpty();
        assertThat(lines.firstDuplicate()).isEmpty();
    }

    @Test
    void findsTheFirstKeySetTwice() {
        TomlLineLocator locator = TomlLineLocator.of("[a]\nx = 1\n[b]\nx = 1\n\"y\" = 2\n y = 3\n");

        assertThat(locator.firstDuplicate()).hasValueSatisfying(duplicate -> {
            assertThat(duplicate.again()).isEqualTo(new TomlLineLocator.Key(List.of("b", "y"), 6, 2));
            assertThat(duplicate.firstLine()).isEqualTo(5);
        });
    }

    @Test
    void understandsEscapesInQuotedKeys() {
        TomlLineLocator locator = TomlLineLocator.of("[t]\n\"a\\\"b\\u0041\" = 1\n");

        assertThat(locator.lineOf("t", "a\"bA")).hasValue(2);
    }
}
