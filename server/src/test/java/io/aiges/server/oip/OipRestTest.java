package io.aiges.server.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiges.server.AigesServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Open Inference Protocol's REST API, endpoint by endpoint as the specification describes
 * it, against a real server: model {@code echo} (a Java engine handing tensors back) for every
 * datatype, and model {@code mnist} (the demo's model file through the generic ONNX engine).
 */
class OipRestTest {
    static final List<String> DATATYPES = List.of("BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16",
            "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AigesServer server;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = OipServer.start(List.of(OipServer.echo(), OipServer.mnist()), null, false);
    }

    @AfterAll
    static void stop() {
        server.close();
        client.close();
    }

    static HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static JsonNode get(String path, int status) throws Exception {
        HttpResponse<byte[]> response = send("GET", path, null);
        assertThat(response.statusCode()).as("GET %s: %s", path, new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return json(response);
    }

    static JsonNode infer(String path, JsonNode request, int status) throws Exception {
        HttpResponse<byte[]> response = send("POST", path, JSON.writeValueAsBytes(request), "content-type", "application/json");
        assertThat(response.statusCode()).as("POST %s: %s", path, new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(status);
        return json(response);
    }

    @Test
    void healthIsLiveAndReady() throws Exception {
        assertThat(get("/v2/health/live", 200).get("live").booleanValue()).isTrue();
        assertThat(get("/v2/health/ready", 200).get("ready").booleanValue()).isTrue();
    }

    @Test
    void serverMetadataNamesTheServerAndItsExtensions() throws Exception {
        JsonNode meta = get("/v2", 200);
        assertThat(meta.get("name").textValue()).isEqualTo("aiges");
        assertThat(meta.get("version").textValue()).isNotBlank();
        assertThat(meta.get("extensions").toString()).contains("binary_tensor_data");
        assertThat(meta.fieldNames()).toIterable().containsExactly("name", "version", "extensions");
    }

    @Test
    void modelMetadataComesFromTheModelFile() throws Exception {
        for (String path : List.of("/v2/models/mnist", "/v2/models/mnist/versions/1")) {
            JsonNode meta = get(path, 200);
            assertThat(meta.get("name").textValue()).isEqualTo("mnist");
            assertThat(meta.get("versions").toString()).isEqualTo("[\"1\"]");
            assertThat(meta.get("platform").textValue()).isEqualTo("onnxruntime_onnx");
            assertThat(meta.get("inputs").toString())
                    .isEqualTo("[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,1,28,28]}]");
            assertThat(meta.get("outputs").toString())
                    .isEqualTo("[{\"name\":\"logits\",\"datatype\":\"FP32\",\"shape\":[-1,10]}]");
        }
        JsonNode echo = get("/v2/models/echo", 200);
        assertThat(echo.get("platform").textValue()).isEqualTo("aiges_java");
        assertThat(echo.get("outputs").toString()).contains("{\"name\":\"params\",\"datatype\":\"BYTES\",\"shape\":[-1]}");
    }

    @Test
    void modelReadinessAndUnknownModelsOrVersions() throws Exception {
        assertThat(get("/v2/models/mnist/ready", 200).get("ready").booleanValue()).isTrue();
        assertThat(get("/v2/models/mnist/versions/1/ready", 200).get("ready").booleanValue()).isTrue();
        assertThat(get("/v2/models/nosuch/ready", 404).get("error").textValue()).contains("nosuch");
        assertThat(get("/v2/models/mnist/versions/7/ready", 404).get("error").textValue()).contains("version '7'");
        assertThat(get("/v2/models/nosuch", 404).get("error").textValue()).contains("nosuch");
        assertThat(get("/v2/nothing/here", 404).get("error").textValue()).contains("/v2/nothing/here");
    }

    /** The user's story: the demo's 7, preprocessed, as a 1x1x28x28 FP32 tensor; the highest score is digit 7. */
    @Test
    void mnistScoresTheSeedSevenHighest() throws Exception {
        JsonNode request = JSON.readTree(Files.readAllBytes(fixture()));
        for (String path : List.of("/v2/models/mnist/infer", "/v2/models/mnist/versions/1/infer")) {
            JsonNode answer = infer(path, request, 200);
            assertThat(answer.get("model_name").textValue()).isEqualTo("mnist");
            assertThat(answer.get("model_version").textValue()).isEqualTo("1");
            assertThat(answer.get("id").textValue()).isEqualTo("seed-7");
            JsonNode logits = answer.at("/outputs/0");
            assertThat(logits.get("name").textValue()).isEqualTo("logits");
            assertThat(logits.get("datatype").textValue()).isEqualTo("FP32");
            assertThat(logits.get("shape").toString()).isEqualTo("[1,10]");
            assertThat(argmax(logits.get("data"))).isEqualTo(7);
        }
    }

    static Path fixture() {
        return Path.of(System.getProperty("aiges.fixtures", "../fixtures"), "mnist-oip-request.json").toAbsolutePath();
    }

    static int argmax(JsonNode scores) {
        int best = 0;
        for (int i = 1; i < scores.size(); i++) {
            if (scores.get(i).doubleValue() > scores.get(best).doubleValue()) {
                best = i;
            }
        }
        return best;
    }

    static Stream<Arguments> datatypesAndSeeds() {
        List<Arguments> cases = new ArrayList<>();
        for (String datatype : DATATYPES) {
            for (long seed = 1; seed <= 3; seed++) {
                cases.add(Arguments.of(datatype, seed * 7919 + datatype.hashCode()));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("datatypesAndSeeds")
    void everyDatatypeRoundTripsAsJsonNestedOrFlat(String datatype, long seed) throws Exception {
        RandomTensor tensor = RandomTensor.of(datatype, seed);
        ObjectNode request = JSON.createObjectNode().put("id", "req-" + seed);
        ObjectNode input = request.putArray("inputs").addObject().put("name", "t").put("datatype", datatype);
        Arrays.stream(tensor.shape()).forEach(input.putArray("shape")::add);
        input.set("data", tensor.json(seed % 2 == 0));
        request.putArray("outputs").addObject().put("name", "t");

        JsonNode answer = infer("/v2/models/echo/infer", request, 200);
        assertThat(answer.get("id").textValue()).isEqualTo("req-" + seed);
        assertThat(answer.get("outputs")).hasSize(1);
        JsonNode out = answer.at("/outputs/0");
        assertThat(out.get("datatype").textValue()).isEqualTo(datatype);
        assertThat(JSON.convertValue(out.get("shape"), long[].class)).isEqualTo(tensor.shape());
        List<Object> back = new ArrayList<>();
        out.get("data").forEach(e -> back.add(tensor.read(e)));
        assertThat(back).isEqualTo(tensor.values());
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("datatypesAndSeeds")
    void everyDatatypeRoundTripsAsBinaryData(String datatype, long seed) throws Exception {
        RandomTensor tensor = RandomTensor.of(datatype, seed);
        byte[] raw = tensor.raw();
        ObjectNode request = JSON.createObjectNode();
        ObjectNode input = request.putArray("inputs").addObject().put("name", "t").put("datatype", datatype);
        Arrays.stream(tensor.shape()).forEach(input.putArray("shape")::add);
        input.putObject("parameters").put("binary_data_size", raw.length);
        request.putArray("outputs").addObject().put("name", "t").putObject("parameters").put("binary_data", true);
        byte[] header = JSON.writeValueAsBytes(request);

        HttpResponse<byte[]> response = send("POST", "/v2/models/echo/infer", concat(header, raw),
                "Inference-Header-Content-Length", Integer.toString(header.length),
                "content-type", "application/octet-stream");
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        int jsonLength = Integer.parseInt(response.headers().firstValue("inference-header-content-length").orElseThrow());
        JsonNode answer = JSON.readTree(Arrays.copyOf(response.body(), jsonLength));
        JsonNode out = answer.at("/outputs/0");
        assertThat(out.has("data")).isFalse();
        assertThat(out.at("/parameters/binary_data_size").asInt()).isEqualTo(raw.length);
        assertThat(Arrays.copyOfRange(response.body(), jsonLength, response.body().length)).isEqualTo(raw);
    }

    @Test
    void binaryAndJsonInputsMixAndEveryOutputComesBackInBinaryWhenAsked() throws Exception {
        byte[] floats = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).array();
        String header = """
                {"parameters": {"binary_data_output": true},
                 "inputs": [{"name": "a", "datatype": "FP32", "shape": [2], "parameters": {"binary_data_size": 8}},
                            {"name": "b", "datatype": "INT32", "shape": [1, 2], "data": [[3, 4]]}]}""";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = send("POST", "/v2/models/echo/infer", concat(json, floats),
                "Inference-Header-Content-Length", Integer.toString(json.length));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
        int jsonLength = Integer.parseInt(response.headers().firstValue("inference-header-content-length").orElseThrow());
        JsonNode outputs = JSON.readTree(Arrays.copyOf(response.body(), jsonLength)).get("outputs");
        assertThat(outputs).hasSize(3);
        byte[] tail = Arrays.copyOfRange(response.body(), jsonLength, response.body().length);
        int a = outputs.get(0).at("/parameters/binary_data_size").asInt();
        assertThat(Arrays.copyOf(tail, a)).isEqualTo(floats);
        ByteBuffer b = ByteBuffer.wrap(tail, a, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new int[]{b.getInt(), b.getInt()}).containsExactly(3, 4);
    }

    /** A picture sent as binary data and asked for as JSON cannot be a JSON string: it comes back in base64, labelled. */
    @Test
    void bytesThatAreNotTextComeBackInBase64() throws Exception {
        byte[] png = Files.readAllBytes(fixture().resolveSibling("mnist-seed-digit7.png"));
        byte[] raw = concat(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(png.length).array(), png);
        String header = "{\"inputs\": [{\"name\": \"img\", \"datatype\": \"BYTES\", \"shape\": [1],"
                + " \"parameters\": {\"binary_data_size\": " + raw.length + "}}], \"outputs\": [{\"name\": \"img\"}]}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = send("POST", "/v2/models/echo/infer", concat(json, raw),
                "Inference-Header-Content-Length", Integer.toString(json.length));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode out = json(response).at("/outputs/0");
        assertThat(out.at("/parameters/content_type").textValue()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(out.at("/data/0").textValue())).isEqualTo(png);
    }

    @Test
    void parametersReachTheEngineAndOnlyRequestedOutputsComeBack() throws Exception {
        JsonNode request = JSON.readTree("""
                {"id": "p1", "parameters": {"temperature": 0.5, "top_k": 3, "greedy": true, "style": "terse"},
                 "inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 4], "data": [1, 2, 3, 4]}],
                 "outputs": [{"name": "params"}]}""");
        JsonNode answer = infer("/v2/models/echo/infer", request, 200);
        assertThat(answer.get("outputs")).hasSize(1);
        JsonNode params = answer.at("/outputs/0");
        assertThat(params.get("name").textValue()).isEqualTo("params");
        assertThat(params.get("datatype").textValue()).isEqualTo("BYTES");
        assertThat(params.get("shape").toString()).isEqualTo("[1]");
        assertThat(params.at("/data/0").textValue())
                .contains("temperature=0.5\n", "top_k=3\n", "greedy=true\n", "style=terse\n").containsPattern("sid=[0-9a-f-]{36}");
    }

    @Test
    void anOutputTheModelDoesNotGiveIsAClientError() throws Exception {
        JsonNode request = JSON.readTree("""
                {"inputs": [{"name": "x", "datatype": "FP32", "shape": [1], "data": [1]}],
                 "outputs": [{"name": "nope"}]}""");
        assertThat(infer("/v2/models/echo/infer", request, 400).get("error").textValue()).contains("'nope'");
    }

    @Test
    void theOnnxEngineRefusesATensorOfTheWrongShapeOrType() throws Exception {
        JsonNode wrongShape = JSON.readTree("""
                {"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 2, 2], "data": [1, 2, 3, 4]}]}""");
        assertThat(infer("/v2/models/mnist/infer", wrongShape, 400).get("error").textValue()).contains("shape");
        JsonNode wrongType = JSON.readTree("""
                {"inputs": [{"name": "input", "datatype": "INT32", "shape": [1, 1, 1, 1], "data": [1]}]}""");
        assertThat(infer("/v2/models/mnist/infer", wrongType, 400).get("error").textValue()).contains("FP32");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
