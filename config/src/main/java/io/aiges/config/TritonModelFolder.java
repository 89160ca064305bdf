package io.aiges.config;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.aiges.api.ClientText;
import io.aiges.api.EngineSpec;
import io.aiges.config.triton.ModelConfig;
import io.aiges.config.triton.ModelDynamicBatching;
import io.aiges.config.triton.ModelInstanceGroup;
import io.aiges.engine.AigesError;
import io.aiges.engine.config.BatchConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.engine.repository.VersionFolders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A model folder laid out for Triton: {@code NAME/config.pbtxt} beside {@code NAME/1/model.onnx}.
 * What aiges honours of the configuration, and as what:
 *
 * <pre>
 * name: "mnist"                  # must be the folder's name, as Triton requires (or left out)
 * platform: "onnxruntime_onnx"   # or backend: "onnxruntime"; others are refused
 * max_batch_size: 8              # most rows one request sends (the ONNX form's maxBatch), and with
 *                                # dynamic batching [batching] maxBatchSize
 * dynamic_batching { preferred_batch_size: [4, 8] max_queue_delay_microseconds: 500 }
 *                                # [batching] preferredBatchSizes and maxBatchDelay
 * instance_group [{ count: 2 kind: KIND_CPU }]   # the instances: [fc] max, summed over groups
 * version_policy: { latest { num_versions: 2 } } # which version folders may serve (the highest does)
 * parameters { key: "k" value: { string_value: "v" } }   # passed to the engine's init, as [wrapper]
 * </pre>
 *
 * Everything else set in the file is named in one warning when the model loads, and so are the
 * parameters: the ONNX engine, the only one a Triton folder gets, reads none.
 */
final class TritonModelFolder {
    private static final String PLATFORM = "onnxruntime_onnx";
    private static final String BACKEND = "onnxruntime";
    static final String MODEL_FILE = "model.onnx";
    /** Fields read whole as they are said above. */
    private static final Set<String> HONOURED = Set.of("name", "platform", "backend", "max_batch_size", "version_policy",
            "ModelInstanceGroup.name", "ModelInstanceGroup.count", "ModelInstanceGroup.kind",
            "ModelDynamicBatching.preferred_batch_size", "ModelDynamicBatching.max_queue_delay_microseconds");
    /** Why a field is not honoured, where the name alone does not say. */
    private static final Map<String, String> WHY = Map.of(
            "input", " (the model file's own inputs are served)",
            "output", " (the model file's own outputs are served)",
            "default_model_filename", " (" + MODEL_FILE + " is served)",
            "parameters", " (handed to the engine's init, as [wrapper]; the ONNX engine reads none)");
    /** Fields honoured in part: what they hold is looked at field by field. */
    private static final Set<String> READ_INSIDE = Set.of("instance_group", "dynamic_batching");

    private final Consumer<String> warnings;

    TritonModelFolder(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    static Path file(Path model) {
        return model.resolve(TritonConfigText.FILE);
    }

    String servedVersion(String name, Path model, List<String> versions) {
        ModelConfig config = TritonConfigText.read(file(model), name).config();
        return TritonVersionPolicy.choose(config.getVersionPolicy(), versions, file(model), name).served();
    }

    ServiceConfig service(String name, Path model, String version, ServiceConfig template) {
        Path file = file(model);
        TritonConfigText.Parsed parsed = TritonConfigText.read(file, name);
        ModelConfig config = parsed.config();
        String where = "model " + name + ": " + file + ": ";
        if (!config.getName().isEmpty() && !config.getName().equals(name)) {
            throw AigesError.WRAPPER_LOAD.exception(where + "name \"" + ClientText.cut(config.getName())
                    + "\" must be the model folder's name, \"" + name + "\", as in Triton");
        }
        boolean onnx = config.getPlatform().isEmpty() || config.getPlatform().equals(PLATFORM);
        if (!onnx || !(config.getBackend().isEmpty() || config.getBackend().equals(BACKEND))) {
            throw AigesError.WRAPPER_LOAD.exception(where + (onnx ? "backend \"" + ClientText.cut(config.getBackend())
                    : "platform \"" + ClientText.cut(config.getPlatform())) + "\" is not served by aiges, which serves"
                    + " Triton model folders of platform \"" + PLATFORM + "\" (backend \"" + BACKEND + "\")");
        }
        Path folder = model.resolve(version);
        if (!Files.isRegularFile(folder.resolve(MODEL_FILE))) {
            throw AigesError.WRAPPER_LOAD.exception(where + "version " + version + " has no " + MODEL_FILE
                    + " (a Triton " + PLATFORM + " model's file)");
        }
        int maxBatch = config.getMaxBatchSize();
        if (maxBatch < 0 || maxBatch > ConfigLoader.MAX_BATCH_SIZE) {
            throw AigesError.WRAPPER_LOAD.exception(where + "max_batch_size must be from 0 to "
                    + ConfigLoader.MAX_BATCH_SIZE + ", got " + maxBatch);
        }
        Map<String, String> options = new HashMap<>(template.engine().options());
        if (maxBatch > 0) {
            options.put("maxBatch", Integer.toString(maxBatch));
        }
        Map<String, String> parameters = new HashMap<>();
        config.getParametersMap().forEach((key, value) -> parameters.put(key, value.getStringValue()));
        EngineSpec engine = new EngineSpec(name, "onnx", MODEL_FILE, null, parameters, folder, options);
        PoolConfig pool;
        BatchConfig batching;
        try {
            pool = new PoolConfig(licence(config, template.pool().licence(), where), template.pool().queueSize(),
                    template.pool().queueTimeout(), template.pool().readyWhen());
            batching = config.hasDynamicBatching() ? batching(config, pool, where) : BatchConfig.OFF;
        } catch (IllegalArgumentException e) {
            throw AigesError.WRAPPER_LOAD.exception(where + e.getMessage());
        }
        warnUnhonoured(name, file, parsed, TritonVersionPolicy.choose(config.getVersionPolicy(), versions(model),
                file, name));
        return new ServiceConfig(name, engine, pool, template.requestTimeout(), template.sessions(),
                template.rateLimit(), batching, template.clientLimits());
    }

    /** The version folders with a model file, lowest first, as the repository finds them. */
    private static List<String> versions(Path model) {
        try {
            return VersionFolders.of(model, version -> Files.isRegularFile(version.resolve(MODEL_FILE)));
        } catch (IOException e) {
            throw AigesError.WRAPPER_LOAD.exception("cannot list the versions of " + model);
        }
    }

    /** The instances of every group, a group's count being 1 when unset (Triton's default); else the server's. */
    private static int licence(ModelConfig config, int fallback, String where) {
        if (config.getInstanceGroupCount() == 0) {
            return fallback;
        }
        long instances = 0;
        for (ModelInstanceGroup group : config.getInstanceGroupList()) {
            if (group.getCount() < 0) {
                throw AigesError.WRAPPER_LOAD.exception(where + "instance_group count must not be negative, got "
                        + group.getCount());
            }
            instances += group.getCount() == 0 ? 1 : group.getCount();
        }
        if (instances > Integer.MAX_VALUE) {
            throw AigesError.WRAPPER_LOAD.exception(where + "instance_group counts add up to " + instances
                    + " instances, more than aiges can count");
        }
        return (int) instances;
    }

    /** {@code [batching]} from dynamic_batching, with its queue as {@code [batching]} defaults it: [fc]'s. */
    private static BatchConfig batching(ModelConfig config, PoolConfig pool, String where) {
        ModelDynamicBatching dynamic = config.getDynamicBatching();
        if (config.getMaxBatchSize() < 1) {
            throw AigesError.WRAPPER_LOAD.exception(where + "dynamic_batching needs max_batch_size of 1 or more"
                    + " (the most requests in one batch), got " + config.getMaxBatchSize());
        }
        long delay = dynamic.getMaxQueueDelayMicroseconds();
        if (delay < 0 || delay > ConfigLoader.MAX_SECONDS * 1_000_000) {
            throw AigesError.WRAPPER_LOAD.exception(where + "dynamic_batching max_queue_delay_microseconds must be"
                    + " from 0 to " + ConfigLoader.MAX_SECONDS * 1_000_000 + ", got " + Long.toUnsignedString(delay));
        }
        return new BatchConfig(config.getMaxBatchSize(), Duration.of(delay, ChronoUnit.MICROS),
                dynamic.getPreferredBatchSizeList(), Math.max(1, pool.queueSize()),
                Duration.ofMillis(Math.max(1, pool.queueTimeout().toMillis())));
    }

    /** One warning naming every field set that aiges does not act on, so that nobody relies on one unknowingly. */
    private void warnUnhonoured(String name, Path file, TritonConfigText.Parsed parsed, TritonVersionPolicy.Choice versions) {
        Set<String> fields = new LinkedHashSet<>();
        unhonoured(parsed.config(), "", fields);
        fields.addAll(parsed.unknown());
        if (versions.allowed().size() > 1) {
            fields.add("version_policy serving versions " + versions.allowed() + " at once (aiges serves one version"
                    + " of a model: the highest, " + versions.served() + ")");
        }
        if (!fields.isEmpty()) {
            warnings.accept("model " + name + ": " + file + ": aiges does not honour " + String.join(", ", fields));
        }
    }

    private static void unhonoured(Message message, String path, Set<String> fields) {
        for (Map.Entry<FieldDescriptor, Object> set : message.getAllFields().entrySet()) {
            FieldDescriptor field = set.getKey();
            String key = message.getDescriptorForType().getName().equals("ModelConfig") ? field.getName()
                    : message.getDescriptorForType().getName() + "." + field.getName();
            String shown = path + field.getName();
            if (field.getName().equals("kind") && set.getValue().toString().equals("KIND_GPU")) {
                fields.add(shown + " KIND_GPU (every model runs on [engine] device, the CPU unless it says a GPU)");
            } else if (READ_INSIDE.contains(key)) {
                for (Object value : field.isRepeated() ? (List<?>) set.getValue() : List.of(set.getValue())) {
                    unhonoured((Message) value, shown + ".", fields);
                }
            } else if (!HONOURED.contains(key)) {
                fields.add(shown + WHY.getOrDefault(key, ""));
            }
        }
    }
}
