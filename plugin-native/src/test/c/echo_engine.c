/*
 * Test engine: echoes every input back (same key, bytes, type, status, descriptors).
 * With parameter upper=1 it upper-cases text inputs and adds an output "params" whose
 * descriptors are the request parameters. With fail=N, exec returns N; with bad_type=N the
 * first output gets that (invalid) type.
 * Sessions (sync mode) echo what was written on the next read.
 * Counters exported as test_* let the tests check ownership: every node it allocates is freed.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "aiges/wrapper.h"

static long exec_calls, exec_free_calls, live_nodes, init_calls, fini_calls, destroy_calls;
static char init_config[1024];

static void count(long* counter, long delta) { __atomic_add_fetch(counter, delta, __ATOMIC_SEQ_CST); }
static long get(long* counter) { return __atomic_load_n(counter, __ATOMIC_SEQ_CST); }

WrapperAPI long test_exec_calls(void) { return get(&exec_calls); }
WrapperAPI long test_exec_free_calls(void) { return get(&exec_free_calls); }
WrapperAPI long test_live_nodes(void) { return get(&live_nodes); }
WrapperAPI long test_init_calls(void) { return get(&init_calls); }
WrapperAPI long test_fini_calls(void) { return get(&fini_calls); }
WrapperAPI long test_destroy_calls(void) { return get(&destroy_calls); }
WrapperAPI const char* test_init_config(void) { return init_config; }

static char* copy_string(const char* s) {
    if (s == NULL) return NULL;
    size_t n = strlen(s);
    char* c = malloc(n + 1);
    memcpy(c, s, n + 1);
    return c;
}

static pParamList copy_params(pParamList p) {
    pParamList head = NULL, *tail = &head;
    for (; p != NULL; p = p->next) {
        pParamList n = calloc(1, sizeof(struct ParamList));
        n->key = copy_string(p->key);
        n->value = copy_string(p->value);
        n->vlen = p->vlen;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

static void free_params(pParamList p) {
    while (p != NULL) {
        pParamList next = p->next;
        free(p->key);
        free(p->value);
        free(p);
        p = next;
    }
}

static const char* param(pParamList p, const char* key) {
    for (; p != NULL; p = p->next) {
        if (p->key != NULL && strcmp(p->key, key) == 0) return p->value;
    }
    return NULL;
}

static pDataList new_node(const char* key, const void* data, unsigned len, DataType type, DataStatus status,
                          pDescList desc) {
    pDataList n = calloc(1, sizeof(struct DataList));
    n->key = copy_string(key);
    n->data = malloc(len > 0 ? len : 1);
    if (len > 0) memcpy(n->data, data, len);
    n->len = len;
    n->type = type;
    n->status = status;
    n->desc = copy_params(desc);
    count(&live_nodes, 1);
    return n;
}

/* Copies a list; with upper != 0, text data is upper-cased. Appends to *tail, returns the new tail. */
static pDataList* copy_data(pDataList d, int upper, pDataList* tail) {
    for (; d != NULL; d = d->next) {
        pDataList n = new_node(d->key, d->data, d->len, d->type, d->status, d->desc);
        if (upper && n->type == DataText) {
            for (unsigned i = 0; i < n->len; i++) ((char*)n->data)[i] = (char)toupper(((char*)n->data)[i]);
        }
        *tail = n;
        tail = &n->next;
    }
    return tail;
}

static void free_data(pDataList d) {
    while (d != NULL) {
        pDataList next = d->next;
        free(d->key);
        free(d->data);
        free_params(d->desc);
        free(d);
        count(&live_nodes, -1);
        d = next;
    }
}

int wrapperSetCtrl(CtrlType type, void* func) { (void)type; (void)func; return 0; }

int wrapperInit(pConfig cfg) {
    count(&init_calls, 1);
    init_config[0] = '\0';
    for (; cfg != NULL; cfg = cfg->next) {
        if (strlen(init_config) + strlen(cfg->key) + strlen(cfg->value) + 3 >= sizeof init_config) break;
        strcat(init_config, cfg->key);
        strcat(init_config, "=");
        strcat(init_config, cfg->value);
        strcat(init_config, ";");
    }
    return 0;
}

int wrapperFini(void) { count(&fini_calls, 1); return 0; }

const char* wrapperError(int errNum) {
    return errNum == 12345 ? "the engine refused: 12345 is not allowed" : "echo engine error";
}

const char* wrapperVersion(void) { return "echo-1.0"; }

int wrapperLoadRes(pDataList perData, unsigned int resId) { (void)perData; (void)resId; return 0; }
int wrapperUnloadRes(unsigned int resId) { (void)resId; return 0; }

int wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                unsigned int psrIds[], int psrCnt) {
    (void)psrIds; (void)psrCnt;
    count(&exec_calls, 1);
    const char* fail = param(params, "fail");
    if (fail != NULL) return atoi(fail);
    int upper = param(params, "upper") != NULL;
    pDataList head = NULL;
    pDataList* tail = copy_data(reqData, upper, &head);
    const char* bad_type = param(params, "bad_type");
    if (bad_type != NULL && head != NULL) head->type = (DataType)atoi(bad_type);
    if (upper) {
        /* data = the usrTag the engine received, descriptors = the parameters */
        *tail = new_node("params", usrTag, (unsigned)strlen(usrTag), DataText, DataOnce, params);
    }
    *respData = head;
    return 0;
}

int wrapperExecFree(const char* usrTag, pDataList* respData) {
    (void)usrTag;
    count(&exec_free_calls, 1);
    free_data(*respData);
    *respData = NULL;
    return 0;
}

int wrapperExecAsync(const char* usrTag, pParamList params, pDataList reqData, wrapperCallback callback,
                     int timeout, unsigned int psrIds[], int psrCnt) {
    (void)usrTag; (void)params; (void)reqData; (void)callback; (void)timeout; (void)psrIds; (void)psrCnt;
    return 1; /* this engine is sync only */
}

struct session {
    pDataList pending;  /* written, not yet read */
    pDataList returned; /* given out by the last read, freed on the next read or destroy */
};

const void* wrapperCreate(const char* usrTag, pParamList params, wrapperCallback cb, unsigned int psrIds[],
                          int psrCnt, int* errNum) {
    (void)usrTag; (void)cb; (void)psrIds; (void)psrCnt;
    const char* fail = param(params, "fail");
    if (fail != NULL) {
        *errNum = atoi(fail);
        return NULL;
    }
    *errNum = 0;
    return calloc(1, sizeof(struct session));
}

int wrapperWrite(const void* handle, pDataList reqData) {
    struct session* s = (struct session*)handle;
    pDataList* tail = &s->pending;
    while (*tail != NULL) tail = &(*tail)->next;
    copy_data(reqData, 1, tail);
    return 0;
}

int wrapperRead(const void* handle, pDataList* respData) {
    struct session* s = (struct session*)handle;
    free_data(s->returned);
    s->returned = s->pending;
    s->pending = NULL;
    *respData = s->returned;
    return 0;
}

int wrapperDestroy(const void* handle) {
    struct session* s = (struct session*)handle;
    count(&destroy_calls, 1);
    free_data(s->pending);
    free_data(s->returned);
    free(s);
    return 0;
}

const char* wrapperDebugInfo(const void* handle) { (void)handle; return "echo session"; }
