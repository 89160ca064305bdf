/*
 * Test engine for streaming sessions in callback mode (asyncMode): every result is pushed
 * through the wrapperCreate callback from a thread of the engine's own. Each input node comes
 * back upper-cased with the node's status; the text "fail" makes the callback carry ret 4343 and
 * "burst:N" pushes N results "b0".."bN-1" in a row.
 * Create parameters: copy_tag=1 → callbacks name the session by the engine's own copy of the
 * tag; push_in_create=1 → a first result "created" is pushed from inside wrapperCreate;
 * late_ms=N → N ms after wrapperDestroy a detached thread still calls back (a buggy engine), and
 * the callback's return is counted.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "aiges/wrapper.h"

static long late_delivered, late_rejected, late_finished, destroys;

static void count(long* counter) { __atomic_add_fetch(counter, 1, __ATOMIC_SEQ_CST); }
static long get(long* counter) { return __atomic_load_n(counter, __ATOMIC_SEQ_CST); }

WrapperAPI long test_late_delivered(void) { return get(&late_delivered); }
WrapperAPI long test_late_rejected(void) { return get(&late_rejected); }
WrapperAPI long test_late_finished(void) { return get(&late_finished); }
WrapperAPI long test_destroy_calls(void) { return get(&destroys); }

static const char* param(pParamList p, const char* key) {
    for (; p != NULL; p = p->next) {
        if (p->key != NULL && strcmp(p->key, key) == 0) return p->value;
    }
    return NULL;
}

struct session {
    const void* tag; /* the loader's pointer, or our copy */
    char* tag_copy;
    wrapperCallback cb;
    int late_ms;
};

struct push {
    struct session* s;
    const char* text; /* input, len bytes */
    unsigned len;
    DataStatus status;
};

static int push_text(struct session* s, const char* text, unsigned len, DataStatus status) {
    char* upper = malloc(len + 1);
    for (unsigned i = 0; i < len; i++) upper[i] = (char)toupper((unsigned char)text[i]);
    upper[len] = '\0';
    char key[] = "result";
    struct DataList node = {key, upper, len, DataText, status, NULL, NULL};
    int ret = s->cb(s->tag, &node, 0);
    free(upper); /* the loader copied it before returning */
    return ret;
}

static void* pusher(void* arg) {
    struct push* p = arg;
    if (p->len == 4 && memcmp(p->text, "fail", 4) == 0) {
        p->s->cb(p->s->tag, NULL, 4343);
    } else if (p->len > 6 && memcmp(p->text, "burst:", 6) == 0) {
        char count_text[16] = {0};
        memcpy(count_text, p->text + 6, p->len - 6 < 15 ? p->len - 6 : 15);
        int n = atoi(count_text);
        for (int i = 0; i < n; i++) {
            char b[16];
            int len = snprintf(b, sizeof b, "b%d", i);
            push_text(p->s, b, (unsigned)len, DataContinue);
        }
    } else {
        push_text(p->s, p->text, p->len, p->status);
    }
    return NULL;
}

int wrapperInit(pConfig cfg) { (void)cfg; return 0; }
int wrapperFini(void) { return 0; }
const char* wrapperError(int errNum) {
    if (errNum == 4343) return "callback engine failed on purpose";
    if (errNum == 7) return "this engine needs asyncMode (a callback)";
    return "callback engine error";
}
const char* wrapperVersion(void) { return "callback-1"; }

int wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                unsigned int psrIds[], int psrCnt) {
    (void)usrTag; (void)params; (void)reqData; (void)respData; (void)psrIds; (void)psrCnt;
    return 1;
}
int wrapperExecFree(const char* usrTag, pDataList* respData) { (void)usrTag; (void)respData; return 0; }

const void* wrapperCreate(const char* usrTag, pParamList params, wrapperCallback cb,
                          unsigned int psrIds[], int psrCnt, int* errNum) {
    (void)psrIds; (void)psrCnt;
    if (cb == NULL) {
        *errNum = 7;
        return NULL;
    }
    struct session* s = calloc(1, sizeof *s);
    s->cb = cb;
    const char* copy = param(params, "copy_tag");
    if (copy != NULL && strcmp(copy, "1") == 0) {
        s->tag_copy = strdup(usrTag);
        s->tag = s->tag_copy;
    } else {
        s->tag = usrTag;
    }
    const char* late = param(params, "late_ms");
    s->late_ms = late ? atoi(late) : 0;
    const char* early = param(params, "push_in_create");
    if (early != NULL && strcmp(early, "1") == 0) push_text(s, "created", 7, DataBegin);
    *errNum = 0;
    return s;
}

int wrapperWrite(const void* handle, pDataList reqData) {
    struct session* s = (struct session*)handle;
    for (pDataList node = reqData; node != NULL; node = node->next) {
        /* From a thread of our own, joined so that results keep the order of the frames. */
        struct push p = {s, node->data, node->len, node->status};
        pthread_t thread;
        if (pthread_create(&thread, NULL, pusher, &p) != 0) return 9;
        pthread_join(thread, NULL);
    }
    return 0;
}

int wrapperRead(const void* handle, pDataList* respData) {
    (void)handle;
    *respData = NULL; /* results come through the callback only */
    return 0;
}

struct late {
    const void* tag;
    char* tag_copy;
    wrapperCallback cb;
    int delay_ms;
};

static void* call_late(void* arg) {
    struct late* l = arg;
    usleep((useconds_t)l->delay_ms * 1000);
    char key[] = "result";
    char text[] = "too late";
    struct DataList node = {key, text, 8, DataText, DataContinue, NULL, NULL};
    int ret = l->cb(l->tag, &node, 0);
    count(ret == 0 ? &late_delivered : &late_rejected);
    free(l->tag_copy);
    free(l);
    count(&late_finished);
    return NULL;
}

int wrapperDestroy(const void* handle) {
    struct session* s = (struct session*)handle;
    count(&destroys);
    if (s->late_ms > 0) {
        struct late* l = calloc(1, sizeof *l);
        l->cb = s->cb;
        l->delay_ms = s->late_ms;
        if (s->tag_copy != NULL) {
            l->tag_copy = s->tag_copy; /* handed over to the late thread */
            s->tag_copy = NULL;
            l->tag = l->tag_copy;
        } else {
            l->tag = s->tag;
        }
        pthread_t thread;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_create(&thread, &attr, call_late, l);
        pthread_attr_destroy(&attr);
    }
    free(s->tag_copy);
    free(s);
    return 0;
}
