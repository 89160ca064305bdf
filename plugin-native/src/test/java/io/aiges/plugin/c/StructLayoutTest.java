package io.aiges.plugin.c;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java layouts place every field where the C compiler does, from our own type.h. */
class StructLayoutTest {

    @Test
    void offsetsAndSizesMatchTheCompiler(@TempDir Path dir) throws Exception {
        Map<String, Long> c = new LinkedHashMap<>();
        for (String line : Gcc.runProgram("layout_probe", dir).strip().split("\n")) {
            int space = line.lastIndexOf(' ');
            c.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        }

        Map<String, Long> java = new LinkedHashMap<>();
        java.put("sizeof(struct ParamList)", CStructs.PARAM_LIST.byteSize());
        java.put("offsetof(struct ParamList, key)", CStructs.PARAM_KEY);
        java.put("offsetof(struct ParamList, value)", CStructs.PARAM_VALUE);
        java.put("offsetof(struct ParamList, vlen)", CStructs.PARAM_VLEN);
        java.put("offsetof(struct ParamList, next)", CStructs.PARAM_NEXT);
        java.put("sizeof(struct DataList)", CStructs.DATA_LIST.byteSize());
        java.put("offsetof(struct DataList, key)", CStructs.DATA_KEY);
        java.put("offsetof(struct DataList, data)", CStructs.DATA_DATA);
        java.put("offsetof(struct DataList, len)", CStructs.DATA_LEN);
        java.put("offsetof(struct DataList, type)", CStructs.DATA_TYPE);
        java.put("offsetof(struct DataList, status)", CStructs.DATA_STATUS);
        java.put("offsetof(struct DataList, desc)", CStructs.DATA_DESC);
        java.put("offsetof(struct DataList, next)", CStructs.DATA_NEXT);

        assertThat(java).isEqualTo(c);
    }
}
