package io.aiges.engine.service;

import io.aiges.api.DataItem;
import io.aiges.engine.AigesError;
import io.aiges.engine.AigesException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches an engine's outputs to the outputs the client declared, as the original does: an
 * output whose name or type was not declared fails the request with 10106. The declared
 * {@code encoding}/{@code compress}/{@code format} are echoed on each output with its
 * {@code seq} and {@code status}. When the client declared nothing, every output is returned
 * (the original rejects them all, which only makes the request useless). Streaming sessions
 * apply the same check to every result they read.
 */
public final class OutputCheck {
    private static final List<String> ECHOED = List.of("encoding", "compress", "format");

    private OutputCheck() {
    }

    public static List<DataItem> apply(List<DataItem> outputs, List<OutputSpec> expect) {
        Map<String, OutputSpec> declared = new HashMap<>();
        expect.forEach(spec -> declared.put(spec.name(), spec));
        List<DataItem> checked = new ArrayList<>(outputs.size());
        for (DataItem out : outputs) {
            Map<String, String> descriptors = new HashMap<>(out.descriptors());
            if (!declared.isEmpty()) {
                OutputSpec spec = declared.get(out.key());
                if (spec == null) {
                    throw new AigesException(AigesError.OUTPUT_NOT_AS_DECLARED, "wrapper output data invalid: the engine returned '"
                            + out.key() + "', which the request did not declare under parameter (declared: "
                            + declared.keySet() + ")");
                }
                if (spec.type() != null && spec.type() != out.type()) {
                    throw new AigesException(AigesError.OUTPUT_NOT_AS_DECLARED, "wrapper output data invalid: output '"
                            + out.key() + "' is " + out.type().jsonName() + " but the request declared "
                            + spec.type().jsonName());
                }
                for (String key : ECHOED) {
                    String value = spec.descriptors().get(key);
                    if (value != null) {
                        descriptors.put(key, value);
                    }
                }
            }
            descriptors.putIfAbsent("seq", "0");
            descriptors.put("status", Integer.toString(out.status().wire()));
            checked.add(out.withDescriptors(descriptors));
        }
        return checked;
    }
}
