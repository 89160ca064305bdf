package io.aiges.engine.service;

import io.aiges.api.DataItem;
import io.aiges.api.Params;

import java.util.List;
import java.util.Map;

/**
 * A one-shot request as every front-end hands it to the engine core.
 *
 * @param sid     the request id, unique per request; the engine sees it as param {@code sid}
 * @param headers the request's header fields (appid, uid, ...), as strings
 * @param params  the service's parameters
 * @param inputs  the input data
 * @param expect  outputs the client declared; empty means "whatever the engine returns"
 */
public record OnceRequest(String sid, Map<String, String> headers, Params params, List<DataItem> inputs,
                          List<OutputSpec> expect) {
    public OnceRequest {
        headers = Map.copyOf(headers);
        inputs = List.copyOf(inputs);
        expect = List.copyOf(expect);
    }
}
