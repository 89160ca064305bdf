/*
 * Test engine for aiges's wrapperExecBatch extension. Every request is answered with one text
 * output "result": "<count>:<input text>", count being the size of the call that answered it
 * (1 for wrapperExec), so a test sees both whose answer it is and that it was batched.
 * Parameter fail=yes fails that request alone (rets[i] = 20001); fail_batch=yes in any request
 * fails the whole call (20002) after it has allocated every response, which aiges must still
 * free. Counters exported as test_* let the tests check ownership and the licence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aiges/wrapper.h"

#define REQUEST_FAILED 20001
#define BATCH_FAILED 20002

static long exec_calls, batch_calls, batched_requests, live_responses, running, most_running;

static void add(long* counter, long delta) { __atomic_add_fetch(counter, delta, __ATOMIC_SEQ_CST); }
static long get(long* counter) { return __atomic_load_n(counter, __ATOMIC_SEQ_CST); }

WrapperAPI long test_exec_calls(void) { return get(&exec_calls); }
WrapperAPI long test_batch_calls(void) { return get(&batch_calls); }
WrapperAPI long test_batched_requests(void) { return get(&batched_requests); }
WrapperAPI long test_live_responses(void) { return get(&live_responses); }
WrapperAPI long test_most_running(void) { return get(&most_running); }

WrapperAPI int wrapperInit(pConfig cfg) { (void) cfg; return 0; }
WrapperAPI int wrapperFini(void) { return 0; }
WrapperAPI const char* wrapperVersion(void) { return "batch-test-1"; }

WrapperAPI const char* wrapperError(int errNum) {
    switch (errNum) {
        case REQUEST_FAILED: return "this request asked to fail";
        case BATCH_FAILED: return "the whole batch failed, as one of its requests asked";
        default: return "unknown error";
    }
}

static const char* param(pParamList p, const char* key) {
    for (; p != NULL; p = p->next) {
        if (p->key != NULL && strcmp(p->key, key) == 0) return p->value;
    }
    return NULL;
}

static int asks(pParamList p, const char* key) {
    const char* v = param(p, key);
    return v != NULL && strcmp(v, "yes") == 0;
}

/* "<count>:<input>" as one engine-allocated node. */
static pDataList answer(unsigned int count, pDataList req) {
    char prefix[16];
    int n = snprintf(prefix, sizeof prefix, "%u:", count);
    unsigned int len = req == NULL ? 0 : req->len;
    pDataList out = calloc(1, sizeof(struct DataList));
    out->key = strdup("result");
    out->data = malloc((size_t) n + len + 1);
    memcpy(out->data, prefix, (size_t) n);
    if (len > 0) memcpy((char*) out->data + n, req->data, len);
    out->len = (unsigned int) n + len;
    out->type = DataText;
    out->status = DataOnce;
    add(&live_responses, 1);
    return out;
}

static void free_answer(pDataList* resp) {
    pDataList node = *resp;
    while (node != NULL) {
        pDataList next = node->next;
        free(node->key);
        free(node->data);
        free(node);
        add(&live_responses, -1);
        node = next;
    }
    *resp = NULL;
}

WrapperAPI int wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                           unsigned int psrIds[], int psrCnt) {
    (void) usrTag; (void) psrIds; (void) psrCnt;
    add(&exec_calls, 1);
    if (asks(params, "fail")) return REQUEST_FAILED;
    *respData = answer(1, reqData);
    return 0;
}

WrapperAPI int wrapperExecFree(const char* usrTag, pDataList* respData) {
    (void) usrTag;
    free_answer(respData);
    return 0;
}

WrapperAPI int wrapperExecBatch(unsigned int count, const char* usrTag[], pParamList params[], pDataList reqData[],
                                pDataList respData[], int rets[], unsigned int psrIds[], int psrCnt) {
    (void) usrTag; (void) psrIds; (void) psrCnt;
    long now = __atomic_add_fetch(&running, 1, __ATOMIC_SEQ_CST);
    for (long most = get(&most_running); now > most; most = get(&most_running)) {
        __atomic_compare_exchange_n(&most_running, &most, now, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    add(&batch_calls, 1);
    add(&batched_requests, count);
    int whole = 0;
    for (unsigned int i = 0; i < count; i++) {
        if (asks(params[i], "fail_batch")) whole = BATCH_FAILED;
        if (asks(params[i], "fail")) {
            rets[i] = REQUEST_FAILED;
        } else {
            respData[i] = answer(count, reqData[i]);
        }
    }
    add(&running, -1);
    return whole;
}
