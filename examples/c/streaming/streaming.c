/*
 * streaming: an engine that works on its own thread and pushes results when they are ready,
 * through the callback aiges gives it ([aiges] asyncMode = true), as engines for the original
 * AIGES do. It reads text frames and, for each, emits a partial result with everything heard so
 * far ("partial: ..."), then a final one ("final: ...", status End) after the last frame.
 *
 *  - sessions: wrapperCreate starts a worker thread per session; wrapperWrite queues a copy of the
 *    frame for it; the worker pushes results with cb(usrTag, ...). Without a callback
 *    (asyncMode = false) the same results wait for wrapperRead instead. wrapperWrite returns
 *    once the worker has taken its frame in: each frame's answer then carries that frame's
 *    partial result (one "result" per answer: JSON clients keep only one field of a name).
 *  - one-shot: wrapperExecAsync answers from a new thread through the callback; wrapperExec
 *    answers at once. Both return "final: <text>".
 *
 * Build: make            Serve: aiges -m 0 -c aiges.toml -s svcName
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "aiges/wrapper.h"

#define MAX_TEXT (1 << 20) /* what one session accumulates at most */

static const char* RESULT = "result";

/* A result list of one text node; data and key are malloc'ed. */
static pDataList text_result(const char* prefix, const char* text, size_t len, DataStatus status) {
    size_t plen = strlen(prefix);
    pDataList node = calloc(1, sizeof *node);
    node->key = strdup(RESULT);
    node->data = malloc(plen + len + 1);
    memcpy(node->data, prefix, plen);
    memcpy((char*)node->data + plen, text, len);
    ((char*)node->data)[plen + len] = '\0';
    node->len = (unsigned)(plen + len);
    node->type = DataText;
    node->status = status;
    return node;
}

static void free_list(pDataList list) {
    while (list != NULL) {
        pDataList next = list->next;
        free(list->key);
        free(list->data);
        free(list);
        list = next;
    }
}

/* ---- sessions ---- */

struct frame {
    char* text;
    unsigned len;
    int last;
    struct frame* next;
};

struct session {
    const void* usr_tag;   /* aiges keeps it valid until wrapperDestroy returns */
    wrapperCallback cb;    /* NULL: results wait for wrapperRead */
    pthread_t worker;
    pthread_mutex_t lock;
    pthread_cond_t more;
    struct frame* frames;  /* written, not yet worked on (guarded by lock) */
    pthread_cond_t progress;
    int stopping;          /* destroy asked the worker to end (guarded by lock) */
    int finished;          /* the worker has emitted the final result (guarded by lock) */
    long written, worked;  /* frames queued, frames done (guarded by lock) */
    pDataList ready;       /* sync mode: results not yet read (guarded by lock) */
    pDataList handed_out;  /* sync mode: what the last wrapperRead returned */
    char* heard;           /* the worker's own: all text so far */
    size_t heard_len;
};

/* Hands one result over: through the callback, or queued for wrapperRead. */
static void emit(struct session* s, pDataList result) {
    if (s->cb != NULL) {
        s->cb(s->usr_tag, result, 0); /* aiges copies it before returning */
        free_list(result);
        return;
    }
    pthread_mutex_lock(&s->lock);
    pDataList* tail = &s->ready;
    while (*tail != NULL) tail = &(*tail)->next;
    *tail = result;
    pthread_mutex_unlock(&s->lock);
}

static void* work(void* arg) {
    struct session* s = arg;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        while (s->frames == NULL && !s->stopping) pthread_cond_wait(&s->more, &s->lock);
        if (s->frames == NULL) { /* stopping, nothing left */
            pthread_mutex_unlock(&s->lock);
            return NULL;
        }
        struct frame* f = s->frames;
        s->frames = f->next;
        pthread_mutex_unlock(&s->lock);

        size_t take = f->len;
        if (s->heard_len + take > MAX_TEXT) take = MAX_TEXT - s->heard_len;
        memcpy(s->heard + s->heard_len, f->text, take);
        s->heard_len += take;
        emit(s, text_result(f->last ? "final: " : "partial: ", s->heard, s->heard_len,
                            f->last ? DataEnd : DataContinue));
        int last = f->last;
        free(f->text);
        free(f);
        pthread_mutex_lock(&s->lock);
        s->worked++;
        s->finished = last;
        pthread_cond_broadcast(&s->progress);
        pthread_mutex_unlock(&s->lock);
        if (last) return NULL;
    }
}

const void* wrapperCreate(const char* usrTag, pParamList params, wrapperCallback cb,
                          unsigned int psrIds[], int psrCnt, int* errNum) {
    (void)params; (void)psrIds; (void)psrCnt;
    struct session* s = calloc(1, sizeof *s);
    s->usr_tag = usrTag;
    s->cb = cb;
    s->heard = malloc(MAX_TEXT);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->more, NULL);
    pthread_cond_init(&s->progress, NULL);
    if (pthread_create(&s->worker, NULL, work, s) != 0) {
        free(s->heard);
        free(s);
        *errNum = 2;
        return NULL;
    }
    *errNum = 0;
    return s;
}

int wrapperWrite(const void* handle, pDataList reqData) {
    struct session* s = (struct session*)handle;
    for (pDataList in = reqData; in != NULL; in = in->next) {
        struct frame* f = calloc(1, sizeof *f);
        f->text = malloc(in->len + 1); /* a copy: reqData is freed when we return */
        memcpy(f->text, in->data, in->len);
        f->len = in->len;
        f->last = in->status == DataEnd || in->status == DataOnce;
        pthread_mutex_lock(&s->lock);
        if (s->finished) {
            pthread_mutex_unlock(&s->lock);
            free(f->text);
            free(f);
            return 3;
        }
        struct frame** tail = &s->frames;
        while (*tail != NULL) tail = &(*tail)->next;
        *tail = f;
        long mine = ++s->written;
        pthread_cond_signal(&s->more);
        while (s->worked < mine && !s->finished && !s->stopping) pthread_cond_wait(&s->progress, &s->lock);
        pthread_mutex_unlock(&s->lock);
    }
    return 0;
}

int wrapperRead(const void* handle, pDataList* respData) {
    struct session* s = (struct session*)handle;
    free_list(s->handed_out);
    pthread_mutex_lock(&s->lock);
    s->handed_out = s->ready;
    s->ready = NULL;
    pthread_mutex_unlock(&s->lock);
    *respData = s->handed_out;
    return 0;
}

int wrapperDestroy(const void* handle) {
    struct session* s = (struct session*)handle;
    pthread_mutex_lock(&s->lock);
    s->stopping = 1;
    pthread_cond_signal(&s->more);
    pthread_mutex_unlock(&s->lock);
    /* Joined: no callback for this session can come after destroy returns. */
    pthread_join(s->worker, NULL);
    for (struct frame* f = s->frames; f != NULL;) {
        struct frame* next = f->next;
        free(f->text);
        free(f);
        f = next;
    }
    free_list(s->ready);
    free_list(s->handed_out);
    free(s->heard);
    pthread_cond_destroy(&s->more);
    pthread_cond_destroy(&s->progress);
    pthread_mutex_destroy(&s->lock);
    free(s);
    return 0;
}

const char* wrapperDebugInfo(const void* handle) { (void)handle; return "streaming session"; }

/* ---- one-shot ---- */

static pDataList once_result(pDataList reqData) {
    if (reqData == NULL) return text_result("final: ", "", 0, DataOnce);
    return text_result("final: ", reqData->data, reqData->len, DataOnce);
}

int wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                unsigned int psrIds[], int psrCnt) {
    (void)usrTag; (void)params; (void)psrIds; (void)psrCnt;
    *respData = once_result(reqData);
    return 0;
}

int wrapperExecFree(const char* usrTag, pDataList* respData) {
    (void)usrTag;
    free_list(*respData);
    *respData = NULL;
    return 0;
}

struct once_job {
    const void* usr_tag; /* valid until our callback for it has returned */
    wrapperCallback cb;
    pDataList result;
};

static void* answer(void* arg) {
    struct once_job* job = arg;
    job->cb(job->usr_tag, job->result, 0);
    free_list(job->result);
    free(job);
    return NULL;
}

int wrapperExecAsync(const char* usrTag, pParamList params, pDataList reqData, wrapperCallback callback,
                     int timeout, unsigned int psrIds[], int psrCnt) {
    (void)params; (void)timeout; (void)psrIds; (void)psrCnt;
    struct once_job* job = calloc(1, sizeof *job);
    job->usr_tag = usrTag;
    job->cb = callback;
    job->result = once_result(reqData); /* computed now: reqData is freed when we return */
    pthread_t thread;
    pthread_attr_t detached;
    pthread_attr_init(&detached);
    pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
    int err = pthread_create(&thread, &detached, answer, job);
    pthread_attr_destroy(&detached);
    if (err != 0) {
        free_list(job->result);
        free(job);
        return 2;
    }
    return 0;
}

/* ---- the rest of the ABI ---- */

int wrapperSetCtrl(CtrlType type, void* func) { (void)type; (void)func; return 0; }
int wrapperInit(pConfig cfg) { (void)cfg; return 0; }
int wrapperFini(void) { return 0; }
const char* wrapperError(int errNum) {
    if (errNum == 2) return "streaming: cannot start a thread";
    if (errNum == 3) return "streaming: the stream has already ended";
    return "streaming: error";
}
const char* wrapperVersion(void) { return "streaming-1.0"; }
int wrapperLoadRes(pDataList perData, unsigned int resId) { (void)perData; (void)resId; return 0; }
int wrapperUnloadRes(unsigned int resId) { (void)resId; return 0; }
