/* Test engine that forgets wrapperExecFree, a required symbol: loading it must fail. */
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
