package io.aiges.server.oip;

import io.aiges.api.ClientText;
import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;
import io.aiges.engine.fairness.ClientId;
import io.aiges.engine.service.OnceRequest;
import io.aiges.engine.service.Service;
import io.aiges.server.FrontEndRules;
import io.aiges.server.auth.Caller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One OIP inference through the engine core, the same for REST and gRPC: tensors become data
 * items ({@link TensorItems}), request parameters the engine's parameters (as strings, like
 * every engine parameter), the call goes through {@link Service#once} (its pool, licence and
 * timeouts, never a front-end thread), and the outputs come back as tensors, only those asked for.
 */
public final class Inference {
    private final OipModels models;

    public Inference(OipModels models) {
        this.models = models;
    }

    public OipModels models() {
        return models;
    }

    /**
     * Runs the request; {@code sid} is the engine's {@code sid} parameter and the id in the logs.
     * OIP requests carry no appid: the per-client limits count them by the caller's proven name,
     * else by {@code address}.
     */
    public CompletableFuture<InferResponse> infer(InferRequest request, String sid, String address, Caller caller) {
        Service service;
        OnceRequest once;
        try {
            service = models.find(request.model(), request.version());
            once = FrontEndRules.asCaller(onceRequest(request, sid), caller);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return call(service, once, FrontEndRules.client(Map.of(), address, caller), request, true);
    }

    /**
     * A model reloaded while the request was on its way refuses it as shutting down: the request
     * then goes once to the engine that replaced it, so a reload loses no request.
     */
    private CompletableFuture<InferResponse> call(Service service, OnceRequest once, ClientId client,
                                                  InferRequest request, boolean retry) {
        String version = models.versionOf(service);
        return service.once(once, client)
                .thenApply(result -> new InferResponse(service.name(), version, request.id(),
                        outputs(result.outputs(), request)))
                .exceptionallyCompose(error -> {
                    Service successor = retry && AigesException.unwrap(error).error() == AigesError.SHUTTING_DOWN
                            ? models.current(service.name()) : null;
                    return successor == null || successor == service ? CompletableFuture.failedFuture(error)
                            : call(successor, once, client, request, false);
                });
    }

    private static OnceRequest onceRequest(InferRequest request, String sid) {
        Map<String, String> params = new HashMap<>();
        request.parameters().forEach((key, value) -> params.put(key, String.valueOf(value)));
        params.remove(BinaryData.OUTPUT_ALL);
        params.put("sid", sid);
        List<DataItem> items = new ArrayList<>(request.inputs().size());
        for (Tensor input : request.inputs()) {
            if (items.stream().anyMatch(item -> item.key().equals(input.name()))) {
                throw AigesError.INVALID_DATA.exception("input '" + ClientText.cut(input.name()) + "' is sent twice");
            }
            items.add(TensorItems.item(input));
        }
        return new OnceRequest(sid, Map.of(), new Params(params), items, List.of());
    }

    private static List<Tensor> outputs(List<DataItem> items, InferRequest request) {
        Map<String, DataItem> byName = new LinkedHashMap<>();
        items.forEach(item -> byName.putIfAbsent(item.key(), item));
        if (request.outputs().isEmpty()) {
            return byName.values().stream().map(TensorItems::tensor).toList();
        }
        List<Tensor> asked = new ArrayList<>(request.outputs().size());
        for (InferRequest.RequestedOutput output : request.outputs()) {
            DataItem item = byName.get(output.name());
            if (item == null) {
                throw AigesError.INVALID_PARAM.exception("unexpected inference output '" + ClientText.cut(output.name())
                        + "' for model '" + ClientText.cut(request.model()) + "' (it gives " + byName.keySet() + ")");
            }
            asked.add(TensorItems.tensor(item));
        }
        return asked;
    }
}
