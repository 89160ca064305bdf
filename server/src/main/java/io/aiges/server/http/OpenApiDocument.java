package io.aiges.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiges.api.DataType;
import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.ServiceSchema;
import io.aiges.engine.service.Service;

import java.util.Collection;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /openapi.json}: an OpenAPI 3.0.3 document with one {@code POST /v1/{service}} per
 * service, its request and response bodies built from what the engine declares (inputs,
 * outputs, parameters). Swagger UI at {@code /} reads it.
 */
final class OpenApiDocument {
    private final ObjectMapper mapper;
    /** Declares the key clients send when {@code [auth] mode = "apikey"}, so Swagger UI's "Authorize" sends it. */
    private final boolean apiKeys;

    OpenApiDocument(ObjectMapper mapper, boolean apiKeys) {
        this.mapper = mapper;
        this.apiKeys = apiKeys;
    }

    byte[] build(Collection<Service> services, String version) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info");
        info.put("title", "aiges: " + String.join(", ", services.stream().map(Service::name).toList()));
        info.put("version", version);
        info.put("description", "AIGES HTTP API. Inputs are base64 strings; a text output comes back as "
                + "a plain string, other outputs as base64. Errors carry an AIGES code in header.code.");
        ObjectNode paths = doc.putObject("paths");
        for (Service service : services) {
            paths.set("/v1/" + service.name(), operation(service));
            paths.set("/v1/" + service.name() + "/jobs", jobSubmit(service));
            paths.set("/v2/models/" + service.name() + "/infer", oipInfer(service));
        }
        paths.set("/v1/jobs/{id}", jobStatus());
        if (apiKeys) {
            ObjectNode schemes = doc.putObject("components").putObject("securitySchemes");
            schemes.putObject("bearer").put("type", "http").put("scheme", "bearer");
            schemes.putObject("apiKey").put("type", "apiKey").put("in", "header").put("name", "X-Api-Key");
            doc.putArray("security").add(mapper.createObjectNode().set("bearer", mapper.createArrayNode()))
                    .add(mapper.createObjectNode().set("apiKey", mapper.createArrayNode()));
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an in-memory tree always serialises", e);
        }
    }

    private ObjectNode operation(Service service) {
        ServiceSchema schema = service.schema();
        ObjectNode path = mapper.createObjectNode();
        ObjectNode post = path.putObject("post");
        post.put("operationId", "callAIAbility_" + service.name());
        post.put("summary", "Call " + service.name() + " (" + service.config().engine().form() + " engine "
                + service.engineVersion() + ")");
        ObjectNode json = post.putObject("requestBody").put("required", true).putObject("content")
                .putObject("application/json");
        json.set("schema", requestSchema(service.name(), schema));
        if (!schema.example().isEmpty()) {
            json.set("example", example(service.name(), schema.example()));
        }
        ObjectNode responses = post.putObject("responses");
        responses.set("200", response("Success: header.code is 0", successSchema(schema)));
        for (Map.Entry<String, String> e : new TreeMap<>(Map.of(
                "400", "Bad request: malformed JSON (10000), payload not convertible (10001), invalid data (10009)",
                "404", "Unknown service (10404)",
                "413", "Body over the configured limit",
                "429", "All instances busy, or the client over its own limit (10110); retry later",
                "500", "Engine failure (109xx)",
                "504", "Engine did not answer in time (10102)")).entrySet()) {
            responses.set(e.getKey(), response(e.getValue(), errorSchema()));
        }
        return path;
    }

    /** {@code POST /v1/{service}/jobs}: the same body as a direct call, answered later. */
    private ObjectNode jobSubmit(Service service) {
        ObjectNode path = mapper.createObjectNode();
        ObjectNode post = path.putObject("post");
        post.put("operationId", "submitJob_" + service.name());
        post.put("summary", "Queue a call of " + service.name() + " as an async job (see docs/scale-out.md)");
        post.putObject("requestBody").put("required", true).putObject("content")
                .putObject("application/json").set("schema", requestSchema(service.name(), service.schema()));
        ObjectNode responses = post.putObject("responses");
        responses.set("202", response("Queued: the job's id and state; its status URL is in the Location header",
                jobSchema()));
        responses.set("400", response("Bad request (10000, 10001)", errorSchema()));
        responses.set("413", response("Body over [jobs] maxPayload (10009)", errorSchema()));
        responses.set("429", response("Job store full (10110)", errorSchema()));
        return path;
    }

    /** {@code GET /v1/jobs/{id}}. */
    private ObjectNode jobStatus() {
        ObjectNode path = mapper.createObjectNode();
        ObjectNode get = path.putObject("get");
        get.put("operationId", "jobStatus");
        get.put("summary", "A job's state (queued, running, done, failed), timestamps and, once done, the answer "
                + "a direct call gives");
        ObjectNode id = get.putArray("parameters").addObject();
        id.put("name", "id").put("in", "path").put("required", true).putObject("schema").put("type", "string");
        ObjectNode responses = get.putObject("responses");
        responses.set("200", response("The job", jobSchema()));
        responses.set("404", response("No such job, or its answer expired (10404)", errorSchema()));
        return path;
    }

    private ObjectNode jobSchema() {
        ObjectNode body = object();
        ObjectNode props = body.putObject("properties");
        props.putObject("id").put("type", "string");
        props.putObject("service").put("type", "string");
        props.putObject("state").put("type", "string").putArray("enum").add("queued").add("running").add("done")
                .add("failed");
        return body;
    }

    /** {@code POST /v2/models/{name}/infer} of the KServe Open Inference Protocol v2 (docs/oip.md). */
    private ObjectNode oipInfer(Service service) {
        ObjectNode path = mapper.createObjectNode();
        ObjectNode post = path.putObject("post");
        post.put("operationId", "oipInfer_" + service.name());
        post.put("summary", "Open Inference Protocol v2 inference on " + service.name()
                + "; metadata at GET /v2/models/" + service.name());
        ObjectNode tensor = object();
        ObjectNode t = tensor.putObject("properties");
        t.putObject("name").put("type", "string");
        t.putObject("datatype").put("type", "string").put("example", "FP32");
        t.putObject("shape").put("type", "array").putObject("items").put("type", "integer");
        t.putObject("data").put("type", "array").put("description", "flat or nested, row-major").putObject("items");
        ObjectNode request = object();
        ObjectNode r = request.putObject("properties");
        r.putObject("id").put("type", "string");
        r.putObject("inputs").put("type", "array").set("items", tensor);
        post.putObject("requestBody").put("required", true).putObject("content")
                .putObject("application/json").set("schema", request);
        ObjectNode answer = object();
        ObjectNode a = answer.putObject("properties");
        a.putObject("model_name").put("type", "string");
        a.putObject("id").put("type", "string");
        a.putObject("outputs").put("type", "array").set("items", tensor.deepCopy());
        ObjectNode error = object();
        error.putObject("properties").putObject("error").put("type", "string");
        ObjectNode responses = post.putObject("responses");
        responses.set("200", response("The output tensors", answer));
        responses.set("400", response("Malformed request", error));
        responses.set("404", response("Unknown model", error));
        return path;
    }

    private ObjectNode requestSchema(String serviceName, ServiceSchema schema) {
        ObjectNode body = object();
        ObjectNode props = body.putObject("properties");
        ObjectNode header = props.putObject("header");
        header.put("type", "object").put("description", "Free-form request header (appid, uid, ...)");
        header.putObject("properties").putObject("status").put("type", "integer").put("example", 3);
        ObjectNode params = object();
        ObjectNode paramProps = params.putObject("properties");
        for (ServiceSchema.Param p : schema.params()) {
            ObjectNode node = paramProps.putObject(p.name());
            node.put("type", p.type());
            if (p.description() != null) {
                node.put("description", p.description());
            }
            if (p.defaultValue() != null) {
                node.put("default", p.defaultValue());
            }
        }
        for (ServiceSchema.Field out : schema.outputs()) {
            ObjectNode node = paramProps.putObject(out.name());
            node.put("type", "object").put("description", "Declares the output '" + out.name() + "'");
            ObjectNode outProps = node.putObject("properties");
            outProps.putObject("data_type").put("type", "string").put("example", out.type().jsonName());
            out.descriptors().forEach((k, v) -> outProps.putObject(k).put("type", "string").put("example", v));
        }
        props.putObject("parameter").put("type", "object").putObject("properties").set(serviceName, params);
        ObjectNode payload = props.putObject("payload");
        payload.put("type", "object");
        ObjectNode inputs = payload.putObject("properties");
        ArrayNode required = mapper.createArrayNode();
        for (ServiceSchema.Field in : schema.inputs()) {
            inputs.set(in.name(), dataSchema(in, true));
            if (in.required()) {
                required.add(in.name());
            }
        }
        if (!required.isEmpty()) {
            payload.set("required", required);
        }
        body.putArray("required").add("payload");
        return body;
    }

    private ObjectNode successSchema(ServiceSchema schema) {
        ObjectNode body = object();
        ObjectNode props = body.putObject("properties");
        ObjectNode header = headerSchema(props);
        header.putObject("status").put("type", "integer").put("description", "3 = once");
        ObjectNode outputs = props.putObject("payload").put("type", "object").putObject("properties");
        schema.outputs().forEach(out -> outputs.set(out.name(), dataSchema(out, false)));
        return body;
    }

    private ObjectNode errorSchema() {
        ObjectNode body = object();
        headerSchema(body.putObject("properties"));
        return body;
    }

    private ObjectNode headerSchema(ObjectNode props) {
        ObjectNode header = props.putObject("header").put("type", "object").putObject("properties");
        header.putObject("code").put("type", "integer").put("description", "0 on success, else an AIGES error code");
        header.putObject("message").put("type", "string");
        header.putObject("sid").put("type", "string").put("description", "Unique id of this request");
        return header;
    }

    /**
     * The engine's example as a complete request body, as the original documentation's users
     * write one: Swagger UI puts it in "Try it out", so Execute answers with no typing.
     */
    private ObjectNode example(String serviceName, List<DataItem> inputs) {
        ObjectNode body = mapper.createObjectNode();
        body.putObject("header").put("appid", "123456").put("status", DataStatus.ONCE.wire());
        body.putObject("parameter").putObject(serviceName);
        ObjectNode payload = body.putObject("payload");
        for (DataItem item : inputs) {
            ObjectNode node = payload.putObject(item.key());
            item.descriptors().forEach(node::put);
            node.put("status", DataStatus.ONCE.wire());
            node.put(item.type().jsonName(), Base64.getEncoder().encodeToString(item.data()));
        }
        return body;
    }

    private ObjectNode dataSchema(ServiceSchema.Field field, boolean input) {
        ObjectNode node = object();
        if (field.description() != null) {
            node.put("description", field.description());
        }
        ObjectNode props = node.putObject("properties");
        field.descriptors().forEach((k, v) -> props.putObject(k).put("type", "string").put("example", v));
        if (input) {
            props.putObject("status").put("type", "integer").put("example", 3);
        }
        ObjectNode data = props.putObject(field.type().jsonName()).put("type", "string");
        if (field.type() != DataType.TEXT || input) {
            data.put("format", "byte").put("description", "base64");
        }
        return node;
    }

    private ObjectNode object() {
        ObjectNode node = mapper.createObjectNode();
        node.put("type", "object");
        return node;
    }

    private ObjectNode response(String description, ObjectNode schema) {
        ObjectNode node = mapper.createObjectNode();
        node.put("description", description);
        node.putObject("content").putObject("application/json").set("schema", schema);
        return node;
    }
}
