/*
 * faulty: an engine that misbehaves on request, to see what aiges does about it. The request
 * parameter "fault" says how (one-shot requests, wrapperExec; sessions fail in wrapperWrite):
 *
 *   (none)      answers "ok"
 *   error       returns error 4001 ("faulty: failed on request") -> 10909 ...;code=4001
 *   hang        sleeps "hang_ms" ms (default 60000) before answering -> 10102 after the timeout
 *   crash       writes through a NULL pointer (SIGSEGV) -> serve it with isolate = true: 10109
 *   abort       calls abort() (SIGABRT) -> the same
 *   leak        allocates "leak_kb" KiB (default 1024) that it never frees, then answers
 *   bad_output  answers a node of an unknown data type -> 10106
 *
 * Build: make            Serve: aiges -m 0 -c aiges.toml -s svcName  (aiges.toml isolates it)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "aiges/wrapper.h"

#define FAILED_ON_REQUEST 4001

static const char* param(pParamList p, const char* key) {
    for (; p != NULL; p = p->next) {
        if (p->key != NULL && strcmp(p->key, key) == 0) return p->value;
    }
    return NULL;
}

static int number(pParamList params, const char* key, int fallback) {
    const char* v = param(params, key);
    return v != NULL ? atoi(v) : fallback;
}

static pDataList text(const char* value, int type) {
    pDataList node = calloc(1, sizeof *node);
    node->key = strdup("result");
    node->data = strdup(value);
    node->len = (unsigned)strlen(value);
    node->type = (DataType)type;
    node->status = DataOnce;
    return node;
}

/* 0 and *out set, or an error code; some faults never come back. */
static int misbehave(pParamList params, pDataList* out) {
    const char* fault = param(params, "fault");
    if (fault == NULL || *fault == '\0') {
        *out = text("ok", DataText);
        return 0;
    }
    if (strcmp(fault, "error") == 0) return FAILED_ON_REQUEST;
    if (strcmp(fault, "hang") == 0) {
        usleep((useconds_t)number(params, "hang_ms", 60000) * 1000);
        *out = text("woke up", DataText);
        return 0;
    }
    if (strcmp(fault, "crash") == 0) {
        volatile int* nowhere = NULL;
        *nowhere = 1;
    }
    if (strcmp(fault, "abort") == 0) abort();
    if (strcmp(fault, "leak") == 0) {
        size_t bytes = (size_t)number(params, "leak_kb", 1024) * 1024;
        char* lost = malloc(bytes);
        if (lost != NULL) memset(lost, 1, bytes); /* touched, so it really costs memory */
        char message[64];
        snprintf(message, sizeof message, "leaked %zu bytes", lost != NULL ? bytes : 0);
        *out = text(message, DataText);
        return 0;
    }
    if (strcmp(fault, "bad_output") == 0) {
        *out = text("a type no one knows", 42);
        return 0;
    }
    *out = text("unknown fault: ok", DataText);
    return 0;
}

int wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                unsigned int psrIds[], int psrCnt) {
    (void)usrTag; (void)reqData; (void)psrIds; (void)psrCnt;
    *respData = NULL;
    return misbehave(params, respData);
}

int wrapperExecFree(const char* usrTag, pDataList* respData) {
    (void)usrTag;
    pDataList node = *respData;
    if (node != NULL) {
        free(node->key);
        free(node->data);
        free(node);
    }
    *respData = NULL;
    return 0;
}

int wrapperExecAsync(const char* usrTag, pParamList params, pDataList reqData, wrapperCallback callback,
                     int timeout, unsigned int psrIds[], int psrCnt) {
    (void)timeout;
    pDataList resp = NULL;
    int ret = wrapperExec(usrTag, params, reqData, &resp, psrIds, psrCnt);
    callback(usrTag, resp, ret);
    wrapperExecFree(usrTag, &resp);
    return 0;
}

/* Sessions keep the create parameters' fault and apply it at each write. */
struct session { char fault[32]; int hang_ms; pDataList last; pDataList handed_out; };

const void* wrapperCreate(const char* usrTag, pParamList params, wrapperCallback cb,
                          unsigned int psrIds[], int psrCnt, int* errNum) {
    (void)usrTag; (void)cb; (void)psrIds; (void)psrCnt;
    struct session* s = calloc(1, sizeof *s);
    const char* fault = param(params, "fault");
    snprintf(s->fault, sizeof s->fault, "%s", fault != NULL ? fault : "");
    s->hang_ms = number(params, "hang_ms", 60000);
    *errNum = 0;
    return s;
}

int wrapperWrite(const void* handle, pDataList reqData) {
    (void)reqData;
    struct session* s = (struct session*)handle;
    char hang[16];
    snprintf(hang, sizeof hang, "%d", s->hang_ms);
    struct ParamList hang_param = {"hang_ms", hang, (unsigned)strlen(hang), NULL};
    struct ParamList fault_param = {"fault", s->fault, (unsigned)strlen(s->fault), &hang_param};
    wrapperExecFree(NULL, &s->last);
    return misbehave(&fault_param, &s->last);
}

int wrapperRead(const void* handle, pDataList* respData) {
    struct session* s = (struct session*)handle;
    wrapperExecFree(NULL, &s->handed_out);
    s->handed_out = s->last; /* ours until the next read or destroy */
    s->last = NULL;
    *respData = s->handed_out;
    return 0;
}

int wrapperDestroy(const void* handle) {
    struct session* s = (struct session*)handle;
    wrapperExecFree(NULL, &s->last);
    wrapperExecFree(NULL, &s->handed_out);
    free(s);
    return 0;
}

int wrapperSetCtrl(CtrlType type, void* func) { (void)type; (void)func; return 0; }
int wrapperInit(pConfig cfg) { (void)cfg; return 0; }
int wrapperFini(void) { return 0; }
const char* wrapperError(int errNum) {
    return errNum == FAILED_ON_REQUEST ? "faulty: failed on request" : "faulty: unknown error";
}
const char* wrapperVersion(void) { return "faulty-1.0"; }
int wrapperLoadRes(pDataList perData, unsigned int resId) { (void)perData; (void)resId; return 0; }
int wrapperUnloadRes(unsigned int resId) { (void)resId; return 0; }
const char* wrapperDebugInfo(const void* handle) { return ((struct session*)handle)->fault; }
