package io.aiges.plugin.c;

import io.aiges.api.DataItem;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;

import java.util.List;

/** How one-shot requests reach the engine: wrapperExec, or wrapperExecAsync and a callback ({@code [aiges] asyncMode}). */
interface OnceCall {

    /** Runs one request tagged {@code usrTag} (the request's sid). */
    List<DataItem> once(String usrTag, Params params, List<DataItem> inputs) throws WrapperException;
}
