/*
 * Test engine for asyncMode: wrapperExecAsync copies the request and answers from a thread of
 * its own after delay_ms (a parameter). The answer is one node "result" holding
 * "<sid>|<first input's text>". Parameters: never=1 → no callback at all; fail=N → callback
 * with ret N. The callback's own return values are counted (0 delivered, -1 rejected).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "aiges/wrapper.h"

static long delivered, rejected, finished;

static void count(long* counter) { __atomic_add_fetch(counter, 1, __ATOMIC_SEQ_CST); }
static long get(long* counter) { return __atomic_load_n(counter, __ATOMIC_SEQ_CST); }

WrapperAPI long test_delivered(void) { return get(&delivered); }
WrapperAPI long test_rejected(void) { return get(&rejected); }
WrapperAPI long test_finished(void) { return get(&finished); }

static const char* param(pParamList p, const char* key) {
    for (; p != NULL; p = p->next) {
        if (p->key != NULL && strcmp(p->key, key) == 0) return p->value;
    }
    return NULL;
}

struct job {
    const void* usrTag; /* the loader's pointer, kept as the original loader allows */
    wrapperCallback cb;
    int delay_ms;
    int fail;
    char* answer;
};

static void* answer_later(void* arg) {
    struct job* job = arg;
    usleep((useconds_t)job->delay_ms * 1000);
    int ret;
    if (job->fail != 0) {
        ret = job->cb(job->usrTag, NULL, job->fail);
    } else {
        char key[] = "result";
        struct DataList node = {key, job->answer, (unsigned)strlen(job->answer), DataText, DataOnce, NULL, NULL};
        ret = job->cb(job->usrTag, &node, 0);
    }
    count(ret == 0 ? &delivered : &rejected);
    free(job->answer);
    free(job);
    count(&finished);
    return NULL;
}

int wrapperInit(pConfig cfg) { (void)cfg; return 0; }
int wrapperFini(void) { return 0; }
const char* wrapperError(int errNum) { return errNum == 4242 ? "async engine failed on purpose" : "async error"; }

int wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                unsigned int psrIds[], int psrCnt) {
    (void)usrTag; (void)params; (void)reqData; (void)respData; (void)psrIds; (void)psrCnt;
    return 1; /* async only */
}

int wrapperExecFree(const char* usrTag, pDataList* respData) { (void)usrTag; (void)respData; return 0; }

int wrapperExecAsync(const char* usrTag, pParamList params, pDataList reqData, wrapperCallback callback,
                     int timeout, unsigned int psrIds[], int psrCnt) {
    (void)timeout; (void)psrIds; (void)psrCnt;
    if (param(params, "never") != NULL) return 0;
    const char* sid = param(params, "sid");
    const char* delay = param(params, "delay_ms");
    const char* fail = param(params, "fail");
    struct job* job = calloc(1, sizeof *job);
    job->usrTag = usrTag;
    job->cb = callback;
    job->delay_ms = delay ? atoi(delay) : 0;
    job->fail = fail ? atoi(fail) : 0;
    size_t sidLen = sid ? strlen(sid) : 0;
    unsigned inLen = reqData ? reqData->len : 0;
    job->answer = malloc(sidLen + inLen + 2);
    memcpy(job->answer, sid ? sid : "", sidLen);
    job->answer[sidLen] = '|';
    if (inLen > 0) memcpy(job->answer + sidLen + 1, reqData->data, inLen);
    job->answer[sidLen + 1 + inLen] = '\0';
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int err = pthread_create(&thread, &attr, answer_later, job);
    pthread_attr_destroy(&attr);
    if (err != 0) {
        free(job->answer);
        free(job);
        return 9;
    }
    return 0;
}
