package io.aiges.plugin.python;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The loader's message reader over seeded random messages as {@link MessageWriter} writes them:
 * every field reads back, two messages in one stream stay apart however much of the first was
 * read, and a field claiming more bytes than its message has left is refused before it is read.
 */
class MessageReaderTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomMessagesReadBackAndTheNextMessageStartsWhereItShould(long seed) throws Exception {
        Random random = new Random(seed);
        List<byte[]> fields = new ArrayList<>();
        MessageWriter first = new MessageWriter('K').u32(0);
        int n = random.nextInt(12);
        first.u32(n);
        for (int i = 0; i < n; i++) {
            byte[] field = new byte[random.nextBoolean() ? random.nextInt(100) : random.nextInt(70_000)];
            random.nextBytes(field);
            fields.add(field);
            first.bytes(field);
        }
        first.map(Map.of("k", "v"));
        MessageWriter second = new MessageWriter('K').string("next");
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        first.writeTo(pipe);
        second.writeTo(pipe);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(pipe.toByteArray()));

        MessageReader reader = new MessageReader(in, in.readInt());
        assertThat(reader.u8()).isEqualTo('K');
        assertThat(reader.u32()).isZero();
        assertThat(reader.u32()).isEqualTo(n);
        int read = random.nextInt(n + 1); // the caller may stop reading anywhere: skipRest reads on
        for (int i = 0; i < read; i++) {
            assertThat(reader.bytes()).isEqualTo(fields.get(i));
        }
        reader.skipRest();
        MessageReader next = new MessageReader(in, in.readInt());
        assertThat(next.u8()).isEqualTo('K');
        assertThat(next.string()).isEqualTo("next");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 100, 1 << 20, Integer.MAX_VALUE})
    void aFieldPastTheEndOfItsMessageIsRefusedUnread(int past) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] data = new byte[10];
        body.write('K');
        int claimed = (int) Math.min(Integer.MAX_VALUE, (long) data.length + past);
        body.write(new byte[]{(byte) (claimed >>> 24), (byte) (claimed >>> 16), (byte) (claimed >>> 8), (byte) claimed});
        body.write(data);
        MessageReader reader = new MessageReader(body.toByteArray(), 0);
        assertThat(reader.u8()).isEqualTo('K');
        assertThatThrownBy(reader::bytes).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runs past the 10 bytes left in its message");
    }
}
