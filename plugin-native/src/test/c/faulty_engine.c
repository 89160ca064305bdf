/*
 * Test engine for isolated mode: exec answers with one text output "pid" holding the process
 * id it runs in, unless the first input's text says otherwise:
 *   "crash" - writes through a NULL pointer (SIGSEGV)
 *   "abort" - calls abort() (SIGABRT)
 *   "hang"  - never returns
 *   "exit"  - calls exit(3)
 *   "slow"  - answers after 500 ms
 * With config crash_init=1, wrapperInit writes through a NULL pointer; with fail_init=N it
 * returns N. exec fails with 77 if wrapperInit has not run in this process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "aiges/wrapper.h"

static int initialised;

static const char* config(pConfig cfg, const char* key) {
    for (; cfg != NULL; cfg = cfg->next) {
        if (cfg->key != NULL && strcmp(cfg->key, key) == 0) return cfg->value;
    }
    return NULL;
}

static int input_is(pDataList req, const char* text) {
    size_t n = strlen(text);
    return req != NULL && req->len == n && memcmp(req->data, text, n) == 0;
}

int wrapperInit(pConfig cfg) {
    /* Engines print: none of this may reach the protocol stream. */
    printf("faulty engine: init in pid %d\n", (int)getpid());
    fflush(stdout);
    const char* crash = config(cfg, "crash_init");
    if (crash != NULL && strcmp(crash, "1") == 0) {
        volatile int* nowhere = NULL;
        *nowhere = 1;
    }
    const char* fail = config(cfg, "fail_init");
    if (fail != NULL) return atoi(fail);
    initialised = 1;
    return 0;
}

int wrapperFini(void) { return 0; }

const char* wrapperError(int errNum) { return errNum == 77 ? "not initialised" : "faulty engine error"; }

const char* wrapperVersion(void) { return "faulty-1.0"; }

int wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                unsigned int psrIds[], int psrCnt) {
    (void)usrTag; (void)params; (void)psrIds; (void)psrCnt;
    if (!initialised) return 77;
    if (input_is(reqData, "crash")) {
        volatile int* nowhere = NULL;
        *nowhere = 42;
    }
    if (input_is(reqData, "abort")) abort();
    if (input_is(reqData, "exit")) exit(3);
    if (input_is(reqData, "hang")) {
        for (;;) pause();
    }
    if (input_is(reqData, "slow")) usleep(500 * 1000);
    printf("faulty engine: exec\n");
    pDataList out = calloc(1, sizeof(struct DataList));
    char* pid = malloc(32);
    snprintf(pid, 32, "%d", (int)getpid());
    out->key = strdup("pid");
    out->data = pid;
    out->len = (unsigned)strlen(pid);
    out->type = DataText;
    out->status = DataOnce;
    *respData = out;
    return 0;
}

int wrapperExecFree(const char* usrTag, pDataList* respData) {
    (void)usrTag;
    pDataList out = *respData;
    if (out != NULL) {
        free(out->key);
        free(out->data);
        free(out);
    }
    *respData = NULL;
    return 0;
}
