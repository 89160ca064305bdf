package io.aiges.server.oip;

import io.aiges.api.ClientText;
import io.aiges.api.ServiceSchema;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.service.Service;
import io.aiges.engine.service.ServiceRegistry;
import io.aiges.server.oip.grpc.v2.ModelConfig;
import io.aiges.server.oip.grpc.v2.ModelStatisticsResponse;
import io.aiges.server.ops.Metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The served services as OIP models: found by name and optional version, described from the
 * engine's declared schema (an input or output with descriptors {@code dtype} and {@code shape}
 * is that tensor; one without is {@code BYTES} of shape {@code [-1]}).
 */
public final class OipModels {
    private final ServiceRegistry registry;
    private final ModelVersions versions;

    public OipModels(ServiceRegistry registry, ModelVersions versions) {
        this.registry = registry;
        this.versions = versions;
    }

    /** What {@code GET /v2/models/{m}} and ModelMetadata answer. */
    public record Metadata(String name, List<String> versions, String platform, List<TensorMeta> inputs,
                           List<TensorMeta> outputs) {
    }

    /** One input or output; -1 marks a dimension of any size. */
    public record TensorMeta(String name, String datatype, long[] shape) {
    }

    /** The named model at {@code version} (null or empty: the one served), or 10404. */
    public Service find(String name, String version) {
        Service service = current(name);
        if (service == null) {
            throw AigesError.SERVICE_NOT_FOUND.exception("no model named '" + ClientText.cut(name) + "'");
        }
        if (version != null && !version.isEmpty() && !version.equals(versionOf(service))) {
            throw AigesError.SERVICE_NOT_FOUND.exception("model '" + ClientText.cut(name) + "' has no version '" + ClientText.cut(version)
                    + "' (served: " + versionOf(service) + ")");
        }
        return service;
    }

    /** The service served under {@code name} now, or null. */
    Service current(String name) {
        try {
            return registry.get(name);
        } catch (AigesException e) {
            return null;
        }
    }

    /** Whether the model exists (at that version) and takes requests. */
    public boolean ready(String name, String version) {
        try {
            find(name, version);
            return true;
        } catch (AigesException e) {
            return false;
        }
    }

    /** The metrics label for a model name: itself when served, else "unknown" (a made-up name is no label). */
    public String label(String name) {
        return ready(name, null) ? name : Metrics.UNKNOWN_SERVICE;
    }

    /** Triton's configuration of the named model at {@code version}, or 10404 as {@link #find}. */
    public ModelConfig config(String name, String version) {
        return ModelConfigs.of(this, find(name, version));
    }

    /**
     * Triton's statistics of the named model at {@code version}, or of every model served when
     * {@code name} is empty (the version is then not looked at); 10404 as {@link #find}.
     */
    public ModelStatisticsResponse statistics(String name, String version) {
        ModelStatisticsResponse.Builder out = ModelStatisticsResponse.newBuilder();
        if (name == null || name.isEmpty()) {
            registry.all().stream().sorted(Comparator.comparing(Service::name))
                    .forEach(service -> out.addModelStats(ModelStatisticsOf.of(service.name(), versionOf(service), service)));
        } else {
            Service service = find(name, version);
            out.addModelStats(ModelStatisticsOf.of(service.name(), versionOf(service), service));
        }
        return out.build();
    }

    public String versionOf(Service service) {
        return versions.of(service.name()).orElse(ModelVersions.DEFAULT);
    }

    public Metadata metadata(Service service) {
        ServiceSchema schema = service.schema();
        String form = service.config().engine().form();
        return new Metadata(service.name(), List.of(versionOf(service)),
                "onnx".equals(form) ? "onnxruntime_onnx" : "aiges_" + form,
                schema.inputs().stream().map(OipModels::describe).toList(),
                schema.outputs().stream().map(OipModels::describe).toList());
    }

    private static TensorMeta describe(ServiceSchema.Field field) {
        String dtype = field.descriptors().get(TensorItems.DTYPE);
        String shape = field.descriptors().get(TensorItems.SHAPE);
        if (dtype == null) {
            return new TensorMeta(field.name(), Datatype.BYTES.name(), new long[]{-1});
        }
        String datatype;
        try {
            datatype = Datatype.parse(dtype).name();
        } catch (AigesException unknown) {
            datatype = dtype;
        }
        long[] dims = shape == null || shape.isBlank() ? new long[]{-1}
                : Arrays.stream(shape.replace("[", "").replace("]", "").split(","))
                        .map(String::strip).mapToLong(Long::parseLong).toArray();
        return new TensorMeta(field.name(), datatype, dims);
    }
}
