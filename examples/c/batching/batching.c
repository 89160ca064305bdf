/*
 * A C engine that batches, through aiges's wrapperExecBatch extension (not in the original ABI).
 * It upper-cases text, and every call costs a fixed pause (cost_ms in [wrapper], 20 by default)
 * whether it answers one request or thirty-two, as a call into an accelerator does: with
 * [batching] on, aiges hands it many requests at once and the pause is paid once for all.
 * A request with no text fails alone (rets[i]); the others of its batch are answered.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "aiges/wrapper.h"

#define NO_TEXT 20001

static long cost_ms = 20;

WrapperAPI int wrapperInit(pConfig cfg) {
    for (pConfig c = cfg; c != NULL; c = c->next) {
        if (c->key != NULL && strcmp(c->key, "cost_ms") == 0) cost_ms = strtol(c->value, NULL, 10);
    }
    return 0;
}

WrapperAPI int wrapperFini(void) { return 0; }
WrapperAPI const char* wrapperVersion(void) { return "batching-example-1.0"; }

WrapperAPI const char* wrapperError(int errNum) {
    return errNum == NO_TEXT ? "no text to upper-case" : "unknown error";
}

/* The accelerator's fixed cost per call. */
static void run_on_device(void) {
    struct timespec pause = {cost_ms / 1000, (cost_ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
}

/* The upper-cased text of one request, allocated here and freed by wrapperExecFree; NULL without text. */
static pDataList upper(pDataList req) {
    if (req == NULL || req->len == 0) return NULL;
    pDataList out = calloc(1, sizeof(struct DataList));
    char* text = malloc(req->len);
    for (unsigned int i = 0; i < req->len; i++) text[i] = (char) toupper(((unsigned char*) req->data)[i]);
    out->key = strdup("result");
    out->data = text;
    out->len = req->len;
    out->type = DataText;
    out->status = DataOnce;
    return out;
}

/* A request that comes alone (or with batching off). */
WrapperAPI int wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                           unsigned int psrIds[], int psrCnt) {
    (void) usrTag; (void) params; (void) psrIds; (void) psrCnt;
    run_on_device();
    *respData = upper(reqData);
    return *respData == NULL ? NO_TEXT : 0;
}

/* count requests in one call: request i's answer in respData[i], its error (0 = none) in rets[i]. */
WrapperAPI int wrapperExecBatch(unsigned int count, const char* usrTag[], pParamList params[], pDataList reqData[],
                                pDataList respData[], int rets[], unsigned int psrIds[], int psrCnt) {
    (void) usrTag; (void) params; (void) psrIds; (void) psrCnt;
    run_on_device(); /* once for the whole batch: a model would stack the inputs and run them together */
    for (unsigned int i = 0; i < count; i++) {
        respData[i] = upper(reqData[i]);
        if (respData[i] == NULL) rets[i] = NO_TEXT;
    }
    return 0;
}

/* Every answer, of wrapperExec or of one request of a batch, comes back here. */
WrapperAPI int wrapperExecFree(const char* usrTag, pDataList* respData) {
    (void) usrTag;
    if (*respData != NULL) {
        free((*respData)->key);
        free((*respData)->data);
        free(*respData);
        *respData = NULL;
    }
    return 0;
}
