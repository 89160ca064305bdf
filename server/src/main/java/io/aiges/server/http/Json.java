package io.aiges.server.http;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.aiges.api.ClientText;
import io.aiges.engine.ClientNumbers;
import io.aiges.server.FrontEndRules;

import java.math.BigDecimal;

/** The one JSON mapper of the HTTP front-end, and how JSON scalars become engine strings. */
final class Json {
    private Json() {
    }

    /**
     * Floats are read as BigDecimal so {@code 0.1} reaches the engine as {@code "0.1"}, not a
     * binary approximation (the original sends Go's {@code 'b'} format), digits as written
     * ({@code 1.50} stays {@code "1.50"}); string length is bounded
     * by the body limit, not Jackson's 20 MB default, so big base64 payloads parse. Parse errors
     * quote at most {@link ClientText#SHOWN} characters of what the client sent.
     */
    static ObjectMapper mapper(long maxBodyBytes) {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBodyBytes))
                .maxNestingDepth(64)
                .build());
        mapper.getFactory().setErrorReportConfiguration(FrontEndRules.parseErrorEcho());
        return mapper;
    }

    /**
     * A JSON value as the engine sees it: numbers in plain decimal (10107 naming {@code where} when
     * that is too long, see {@link ClientNumbers}), containers as JSON text.
     */
    static String scalarText(JsonNode node, String where) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBigDecimal()) {
            return ClientNumbers.plain(node.decimalValue(), where);
        }
        if (node.isFloatingPointNumber()) {
            return ClientNumbers.plain(BigDecimal.valueOf(node.doubleValue()), where);
        }
        if (node.isNull()) {
            return "";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
