/*
 * Test engine for personalisation resources and wrapperSetCtrl. wrapperLoadRes keeps a copy of
 * each resource (a file whose text is "fail" is refused with 77); wrapperExec and wrapperRead
 * answer "id=text;" for each of the call's psrIds ("id=?" for one not loaded), or "none".
 * wrapperSetCtrl records, per CtrlType, that it got a function before wrapperInit, and calls it
 * the way an engine would (with arguments it made up: aiges's functions ignore them).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aiges/wrapper.h"

#define MAX_RES 16
static struct { unsigned id; char* text; char key[64]; int type; int status; } res[MAX_RES];
static int res_count;
static long unloads, ctrl_before_init, ctrl_calls_ok;
static int initialised;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

WrapperAPI long test_unloads(void) { return unloads; }
WrapperAPI long test_ctrl_before_init(void) { return ctrl_before_init; }
WrapperAPI long test_ctrl_calls_ok(void) { return ctrl_calls_ok; }
WrapperAPI long test_loaded(void) { return res_count; }
/* "key/type/status" of the first resource loaded, as wrapperLoadRes saw it. */
static char first_node[128];
WrapperAPI const char* test_first_node(void) { return first_node; }

typedef int (*any_function)(const char*, const char*, int);

int wrapperSetCtrl(CtrlType type, void* func) {
    if (!initialised && func != NULL && type >= CTMeterCustom && type <= CTTraceLog) {
        ctrl_before_init++;
        if (((any_function)func)("sid", "a made-up metering call", 1) == 0) ctrl_calls_ok++;
    }
    return 0;
}

int wrapperInit(pConfig cfg) { (void)cfg; initialised = 1; return 0; }
int wrapperFini(void) { return 0; }
const char* wrapperError(int errNum) { return errNum == 77 ? "this resource is refused" : "resource engine error"; }

int wrapperLoadRes(pDataList perData, unsigned int resId) {
    if (perData == NULL || perData->next != NULL) return 78;
    if (perData->len == 4 && memcmp(perData->data, "fail", 4) == 0) return 77;
    pthread_mutex_lock(&lock);
    if (res_count == MAX_RES) { pthread_mutex_unlock(&lock); return 79; }
    if (res_count == 0) {
        snprintf(first_node, sizeof first_node, "%s/%d/%d", perData->key, perData->type, perData->status);
    }
    res[res_count].id = resId;
    res[res_count].text = strndup(perData->data, perData->len);
    res_count++;
    pthread_mutex_unlock(&lock);
    return 0;
}

int wrapperUnloadRes(unsigned int resId) {
    pthread_mutex_lock(&lock);
    for (int i = 0; i < res_count; i++) {
        if (res[i].id == resId) {
            free(res[i].text);
            res[i] = res[--res_count];
            unloads++;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return 0;
}

static char* describe(unsigned int psrIds[], int psrCnt) {
    size_t cap = 64 + (size_t)psrCnt * 96;
    char* out = calloc(1, cap);
    if (psrCnt == 0) { strcpy(out, "none"); return out; }
    pthread_mutex_lock(&lock);
    for (int i = 0; i < psrCnt; i++) {
        const char* text = "?";
        for (int r = 0; r < res_count; r++) if (res[r].id == psrIds[i]) text = res[r].text;
        size_t used = strlen(out);
        snprintf(out + used, cap - used, "%u=%.64s;", psrIds[i], text);
    }
    pthread_mutex_unlock(&lock);
    return out;
}

static pDataList result(char* text) {
    pDataList node = calloc(1, sizeof *node);
    node->key = strdup("result");
    node->data = text;
    node->len = (unsigned)strlen(text);
    node->type = DataText;
    node->status = DataOnce;
    return node;
}

int wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                unsigned int psrIds[], int psrCnt) {
    (void)usrTag; (void)params; (void)reqData;
    *respData = result(describe(psrIds, psrCnt));
    return 0;
}

int wrapperExecFree(const char* usrTag, pDataList* respData) {
    (void)usrTag;
    pDataList node = *respData;
    free(node->key);
    free(node->data);
    free(node);
    return 0;
}

struct session { char* psr; pDataList out; int read; };

const void* wrapperCreate(const char* usrTag, pParamList params, wrapperCallback cb,
                          unsigned int psrIds[], int psrCnt, int* errNum) {
    (void)usrTag; (void)params; (void)cb;
    struct session* s = calloc(1, sizeof *s);
    s->psr = describe(psrIds, psrCnt);
    *errNum = 0;
    return s;
}

int wrapperWrite(const void* handle, pDataList reqData) { (void)handle; (void)reqData; return 0; }

int wrapperRead(const void* handle, pDataList* respData) {
    struct session* s = (struct session*)handle;
    if (s->read) { *respData = NULL; return 0; }
    s->read = 1;
    s->out = result(strdup(s->psr));
    s->out->status = DataEnd;
    *respData = s->out;
    return 0;
}

int wrapperDestroy(const void* handle) {
    struct session* s = (struct session*)handle;
    if (s->out != NULL) wrapperExecFree(NULL, &s->out);
    free(s->psr);
    free(s);
    return 0;
}
