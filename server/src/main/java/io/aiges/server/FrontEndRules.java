package io.aiges.server;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import io.aiges.api.ClientText;
import io.aiges.api.DataItem;
import io.aiges.api.DataStatus;
import io.aiges.api.DataType;
import io.aiges.api.Params;
import io.aiges.engine.fairness.ClientId;
import io.aiges.engine.service.OnceRequest;
import io.aiges.server.auth.Caller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every front-end adds to a client's request before the engine sees it, so that a request
 * reaches an engine alike whether it came over HTTP, WebSocket or gRPC.
 */
public final class FrontEndRules {
    private static final String SID = "sid";
    private static final String STATUS = "status";
    private static final String APPID = "appid";

    private FrontEndRules() {
    }

    /** The client's parameters plus {@code sid}: engines read the request id as a parameter, as in the original. */
    public static Params params(Map<String, String> client, String sid) {
        Map<String, String> values = new LinkedHashMap<>(client);
        values.put(SID, sid);
        return new Params(values);
    }

    /**
     * How much of a client's JSON a parser's error message quotes, for every front-end's mapper:
     * as much as {@link ClientText#cut} shows of any echoed value.
     */
    public static ErrorReportConfiguration parseErrorEcho() {
        return ErrorReportConfiguration.builder().maxErrorTokenLength(ClientText.SHOWN)
                .maxRawContentLength(ClientText.SHOWN).build();
    }

    /**
     * Who the per-client limits count a request or session against: the name its credentials
     * proved, else the {@code appid} of its header, else the address of its connection (a request
     * without headers, as OIP's, passes none).
     */
    public static ClientId client(Map<String, String> headers, String address, Caller caller) {
        return caller.isNamed() ? ClientId.named(caller.name()) : ClientId.of(headers.get(APPID), address);
    }

    /**
     * The parameters an engine gets from {@code caller}: its proven name as {@code appid}, as the
     * original passes the appid of a request's header, in place of any the client wrote itself.
     * Anonymous callers' parameters are left as they are.
     */
    public static Params asCaller(Params params, Caller caller) {
        if (!caller.isNamed()) {
            return params;
        }
        Map<String, String> values = new LinkedHashMap<>(params.values());
        values.put(APPID, caller.name());
        return new Params(values);
    }

    /** {@link #asCaller(Params, Caller)} for a one-shot request. */
    public static OnceRequest asCaller(OnceRequest once, Caller caller) {
        return caller.isNamed() ? new OnceRequest(once.sid(), once.headers(), asCaller(once.params(), caller),
                once.inputs(), once.expect()) : once;
    }

    /**
     * Whether a stream frame is the client's last: the frame says so ({@code END}), or one of its
     * items ends its stream ({@code END} or {@code ONCE}). The same rule over WebSocket and gRPC.
     */
    public static boolean isLastFrame(DataStatus frameStatus, List<DataItem> inputs) {
        return frameStatus == DataStatus.END || inputs.stream().anyMatch(item -> item.status().isLast());
    }

    /** An input item that also carries its status as descriptor {@code status}, as the original's payload attribute does. */
    public static DataItem input(String key, byte[] data, DataType type, DataStatus status, Map<String, String> descriptors) {
        Map<String, String> all = new LinkedHashMap<>(descriptors);
        all.put(STATUS, Integer.toString(status.wire()));
        return new DataItem(key, data, type, status, all);
    }
}
