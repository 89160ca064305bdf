/*
 * Test engine that talks as engines do: printf at init and on every call, never flushing, and a
 * line on stderr per call. aiges must pass each line on as it is printed, not at exit.
 */
#include <stdio.h>
#include <stddef.h>
#include "aiges/wrapper.h"

static int calls = 0;

int wrapperInit(pConfig cfg) {
    (void)cfg;
    printf("chatty: init\n");
    return 0;
}

int wrapperFini(void) { return 0; }

int wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                unsigned int psrIds[], int psrCnt) {
    (void)usrTag; (void)params; (void)reqData; (void)psrIds; (void)psrCnt;
    calls++;
    printf("chatty: exec %d\n", calls);
    fprintf(stderr, "chatty: stderr %d\n", calls);
    *respData = NULL;
    return 0;
}

int wrapperExecFree(const char* usrTag, pDataList* respData) { (void)usrTag; (void)respData; return 0; }
