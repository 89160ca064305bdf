/*
 * echo: the smallest complete aiges C engine. Every input comes back unchanged, under the same
 * key, one-shot (wrapperExec) and in streaming sessions polled with wrapperRead.
 *
 * Build: make            (libwrapper.so, against aiges's include/)
 * Serve: aiges -m 0 -c aiges.toml -s svcName
 */
#include <stdlib.h>
#include <string.h>
#include "aiges/wrapper.h"

/* A deep copy of one node (key, data and descriptors), without its successors. */
static pDataList copy_node(const struct DataList* in) {
    pDataList out = calloc(1, sizeof *out);
    out->key = strdup(in->key ? in->key : "");
    out->data = malloc(in->len + 1); /* +1: a NUL after text, and never malloc(0) */
    if (in->len > 0) memcpy(out->data, in->data, in->len);
    ((char*)out->data)[in->len] = '\0';
    out->len = in->len;
    out->type = in->type;
    out->status = in->status;
    pDescList* tail = &out->desc;
    for (pDescList d = in->desc; d != NULL; d = d->next) {
        pDescList copy = calloc(1, sizeof *copy);
        copy->key = strdup(d->key ? d->key : "");
        copy->value = strdup(d->value ? d->value : "");
        copy->vlen = (unsigned)strlen(copy->value);
        *tail = copy;
        tail = &copy->next;
    }
    return out;
}

static void free_list(pDataList list) {
    while (list != NULL) {
        pDataList next = list->next;
        for (pDescList d = list->desc; d != NULL;) {
            pDescList dn = d->next;
            free(d->key);
            free(d->value);
            free(d);
            d = dn;
        }
        free(list->key);
        free(list->data);
        free(list);
        list = next;
    }
}

/* Appends copies of every node of in to *list. */
static void append_copies(pDataList* list, const struct DataList* in) {
    pDataList* tail = list;
    while (*tail != NULL) tail = &(*tail)->next;
    for (; in != NULL; in = in->next) {
        *tail = copy_node(in);
        tail = &(*tail)->next;
    }
}

int wrapperSetCtrl(CtrlType type, void* func) { (void)type; (void)func; return 0; }
int wrapperInit(pConfig cfg) { (void)cfg; return 0; }
int wrapperFini(void) { return 0; }
const char* wrapperError(int errNum) { return errNum == 1 ? "echo: no input" : "echo: unknown error"; }
const char* wrapperVersion(void) { return "echo-1.0"; }
int wrapperLoadRes(pDataList perData, unsigned int resId) { (void)perData; (void)resId; return 0; }
int wrapperUnloadRes(unsigned int resId) { (void)resId; return 0; }

/* One-shot: thread-safe, as it touches no shared state. */
int wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                unsigned int psrIds[], int psrCnt) {
    (void)usrTag; (void)params; (void)psrIds; (void)psrCnt;
    if (reqData == NULL) return 1;
    *respData = NULL;
    append_copies(respData, reqData);
    return 0;
}

int wrapperExecFree(const char* usrTag, pDataList* respData) {
    (void)usrTag;
    free_list(*respData);
    *respData = NULL;
    return 0;
}

int wrapperExecAsync(const char* usrTag, pParamList params, pDataList reqData, wrapperCallback callback,
                     int timeout, unsigned int psrIds[], int psrCnt) {
    (void)timeout;
    /* Answered before returning, which the ABI allows: the callback may come from any thread. */
    pDataList resp = NULL;
    int ret = wrapperExec(usrTag, params, reqData, &resp, psrIds, psrCnt);
    callback(usrTag, resp, ret);
    free_list(resp);
    return 0;
}

/* A session: what was written and not read yet, and what the last read handed out. */
struct session {
    pDataList pending;
    pDataList handed_out; /* ours until the next read or destroy, as the ABI says */
};

const void* wrapperCreate(const char* usrTag, pParamList params, wrapperCallback cb,
                          unsigned int psrIds[], int psrCnt, int* errNum) {
    (void)usrTag; (void)params; (void)cb; (void)psrIds; (void)psrCnt;
    *errNum = 0;
    return calloc(1, sizeof(struct session));
}

int wrapperWrite(const void* handle, pDataList reqData) {
    struct session* s = (struct session*)handle;
    append_copies(&s->pending, reqData); /* reqData is freed when we return */
    return 0;
}

int wrapperRead(const void* handle, pDataList* respData) {
    struct session* s = (struct session*)handle;
    free_list(s->handed_out);
    s->handed_out = s->pending;
    s->pending = NULL;
    *respData = s->handed_out;
    return 0;
}

int wrapperDestroy(const void* handle) {
    struct session* s = (struct session*)handle;
    free_list(s->pending);
    free_list(s->handed_out);
    free(s);
    return 0;
}

const char* wrapperDebugInfo(const void* handle) { (void)handle; return "echo session"; }
