/* Test engine with only the four required functions: no async, no sessions, no error texts. */
#include <stddef.h>
#include "aiges/wrapper.h"

int wrapperInit(pConfig cfg) { (void)cfg; return 0; }
int wrapperFini(void) { return 0; }

int wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                unsigned int psrIds[], int psrCnt) {
    (void)usrTag; (void)params; (void)reqData; (void)psrIds; (void)psrCnt;
    *respData = NULL;
    return 0;
}

int wrapperExecFree(const char* usrTag, pDataList* respData) { (void)usrTag; (void)respData; return 0; }
