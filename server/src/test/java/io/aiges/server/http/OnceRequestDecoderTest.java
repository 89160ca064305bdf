package io.aiges.server.http;

import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.engine.AigesException;
import io.aiges.engine.service.OnceRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The request parser over the seed request, seeded random valid requests and seeded random garbage. */
class OnceRequestDecoderTest {
    private static final ObjectMapper MAPPER = Json.mapper(1 << 24);
    private static final OnceRequestDecoder DECODER = new OnceRequestDecoder(MAPPER);

    static byte[] seed() throws Exception {
        return Files.readAllBytes(Path.of("..", "fixtures", "mnist-seed-request.json"));
    }

    @Test
    void decodesTheSeedRequest() throws Exception {
        OnceRequest request = DECODER.decode(seed(), "svcName", "sid-1");
        assertThat(request.inputs()).hasSize(1);
        DataItem img = request.inputs().getFirst();
        assertThat(img.key()).isEqualTo("img");
        assertThat(img.type()).isEqualTo(DataType.IMAGE);
        assertThat(img.status()).isEqualTo(DataStatus.ONCE);
        assertThat(img.descriptors()).containsEntry("encoding", "jpg");
        assertThat(img.data()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(request.expect()).singleElement().satisfies(out -> {
            assertThat(out.name()).isEqualTo("result");
            assertThat(out.type()).isEqualTo(DataType.TEXT);
            assertThat(out.descriptors()).containsEntry("encoding", "utf8").containsEntry("format", "plain");
        });
        assertThat(request.headers()).containsEntry("appid", "123456").containsEntry("status", "3");
        assertThat(request.params().values()).containsEntry("sid", "sid-1");
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** Random valid requests: every item comes out with the bytes, type, status and attributes put in. */
    @ParameterizedTest
    @MethodSource("seeds")
    void randomValidRequestsRoundTrip(long seed) throws Exception {
        Random random = new Random(seed);
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode payload = root.putObject("payload");
        Map<String, DataItem> expected = new LinkedHashMap<>();
        int items = random.nextInt(5);
        for (int i = 0; i < items; i++) {
            String key = "in" + i + randomWord(random);
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(data);
            DataType type = DataType.values()[random.nextInt(DataType.values().length)];
            DataStatus status = DataStatus.values()[random.nextInt(DataStatus.values().length)];
            ObjectNode item = payload.putObject(key);
            String encoded = random.nextBoolean() ? Base64.getEncoder().encodeToString(data)
                    : Base64.getMimeEncoder().encodeToString(data);
            item.put(type.jsonName(), encoded);
            item.put("status", status.wire());
            String encoding = randomWord(random);
            item.put("encoding", encoding);
            expected.put(key, new DataItem(key, data, type, status,
                    Map.of("encoding", encoding, "status", Integer.toString(status.wire()))));
        }
        ObjectNode own = root.putObject("parameter").putObject("svc");
        String value = randomWord(random);
        own.put("p", value);
        OnceRequest request = DECODER.decode(MAPPER.writeValueAsBytes(root), "svc", "s");
        assertThat(request.inputs()).containsExactlyElementsOf(expected.values());
        assertThat(request.params().values()).containsEntry("p", value);
    }

    /** Random damage to the seed: a request or a 10000/10001 error, never anything else, never a hang. */
    @ParameterizedTest
    @MethodSource("seeds")
    void damagedSeedNeverEscapesAsAnotherException(long seed) throws Exception {
        byte[] body = seed();
        Random random = new Random(seed);
        byte[] damaged = switch (random.nextInt(4)) {
            case 0 -> java.util.Arrays.copyOf(body, random.nextInt(body.length));
            case 1 -> flip(body, random, 1 + random.nextInt(8));
            case 2 -> insert(body, random, "{}[]\",:\\0123456789eE+-.ntfu ".getBytes(StandardCharsets.UTF_8));
            default -> randomBytes(random);
        };
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                DECODER.decode(damaged, "svcName", "s");
            } catch (AigesException e) {
                assertThat(e.code()).isIn(10000, 10001);
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }

    @Test
    void deepNestingIsABadRequestNotAStackOverflow() {
        String deep = "{\"header\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> DECODER.decode(deep.getBytes(StandardCharsets.UTF_8), "svc", "s"))
                .isInstanceOfSatisfying(AigesException.class, e -> assertThat(e.code()).isEqualTo(10000));
    }

    private static String randomWord(Random random) {
        int length = 1 + random.nextInt(8);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static byte[] flip(byte[] body, Random random, int count) {
        byte[] copy = body.clone();
        for (int i = 0; i < count; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private static byte[] insert(byte[] body, Random random, byte[] alphabet) {
        int at = random.nextInt(body.length);
        byte[] copy = new byte[body.length + 1];
        System.arraycopy(body, 0, copy, 0, at);
        copy[at] = alphabet[random.nextInt(alphabet.length)];
        System.arraycopy(body, at, copy, at + 1, body.length - at);
        return copy;
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(2000)];
        random.nextBytes(bytes);
        return bytes;
    }
}
