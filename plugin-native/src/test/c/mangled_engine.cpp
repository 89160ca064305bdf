/*
 * Test engine with a common C++ mistake: it includes only type.h, so nothing declares the
 * functions extern "C" and g++ exports them under mangled names (_Z11wrapperInitP9ParamList, ...).
 * aiges cannot find wrapperInit and must say why.
 */
#include <cstddef>
#include "type.h"

int WrapperAPI wrapperInit(pConfig cfg) { (void)cfg; return 0; }
int WrapperAPI wrapperFini() { return 0; }

int WrapperAPI wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                           unsigned int psrIds[], int psrCnt) {
    (void)usrTag; (void)params; (void)reqData; (void)psrIds; (void)psrCnt;
    *respData = NULL;
    return 0;
}

int WrapperAPI wrapperExecFree(const char* usrTag, pDataList* respData) { (void)usrTag; (void)respData; return 0; }
