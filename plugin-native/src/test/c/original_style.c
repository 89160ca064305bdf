/*
 * Test engine written as sources for the original AIGES headers are: the flat
 * #include "wrapper.h" (built with -I include/aiges), WrapperAPI after the return type, all 15
 * functions, and the original's pointer typedefs and wrapperSetCtrl function types. Compiled as
 * C and as C++ (no extern "C" here: wrapper.h's declarations give the definitions C linkage).
 * wrapperExec answers one text node, "original headers".
 */
#include <stddef.h>
#include <string.h>
#include "wrapper.h"

static wrapperMeterCustom meter = NULL;
static wrapperTraceLog trace = NULL;
static char answer[] = "original headers";
static struct DataList node;

int WrapperAPI wrapperSetCtrl(CtrlType type, void* func) {
    if (type == CTMeterCustom) {
        meter = (wrapperMeterCustom)func;
    } else if (type == CTTraceLog) {
        trace = (wrapperTraceLog)func;
    }
    return 0;
}

int WrapperAPI wrapperInit(pConfig cfg) { (void)cfg; return 0; }
int WrapperAPI wrapperFini() { return 0; }
const char* WrapperAPI wrapperError(int errNum) { (void)errNum; return "inner error"; }
const char* WrapperAPI wrapperVersion() { return "original-style 1.0"; }
int WrapperAPI wrapperLoadRes(pDataList perData, unsigned int resId) { (void)perData; (void)resId; return 0; }
int WrapperAPI wrapperUnloadRes(unsigned int resId) { (void)resId; return 0; }

const void* WrapperAPI wrapperCreate(const char* usrTag, pParamList params, wrapperCallback cb,
                                     unsigned int psrIds[], int psrCnt, int* errNum) {
    (void)usrTag; (void)params; (void)cb; (void)psrIds; (void)psrCnt;
    *errNum = 1; /* no sessions */
    return NULL;
}
int WrapperAPI wrapperWrite(const void* handle, pDataList reqData) { (void)handle; (void)reqData; return 1; }
int WrapperAPI wrapperRead(const void* handle, pDataList* respData) { (void)handle; *respData = NULL; return 1; }
int WrapperAPI wrapperDestroy(const void* handle) { (void)handle; return 0; }

int WrapperAPI wrapperExec(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                           unsigned int psrIds[], int psrCnt) {
    (void)params; (void)reqData; (void)psrIds; (void)psrCnt;
    if (meter != NULL) {
        meter(usrTag, "calls", 1);
    }
    if (trace != NULL) {
        trace(usrTag, "exec", "called");
    }
    memset(&node, 0, sizeof node);
    node.key = (char*)"text";
    node.data = answer;
    node.len = (unsigned int)strlen(answer);
    node.type = DataText;
    node.status = DataOnce;
    *respData = &node;
    return 0;
}
int WrapperAPI wrapperExecFree(const char* usrTag, pDataList* respData) { (void)usrTag; *respData = NULL; return 0; }

int WrapperAPI wrapperExecAsync(const char* usrTag, pParamList params, pDataList reqData, wrapperCallback callback,
                                int timeout, unsigned int psrIds[], int psrCnt) {
    (void)usrTag; (void)params; (void)reqData; (void)callback; (void)timeout; (void)psrIds; (void)psrCnt;
    return 1;
}
const char* WrapperAPI wrapperDebugInfo(const void* handle) { (void)handle; return ""; }

/* Every function through its original pointer type: a signature that differs from the
 * typedef's fails to compile (an error in C++, a -Werror warning in C). Returns 15. */
#ifdef __cplusplus
extern "C"
#endif
WrapperAPI long test_pointer_types(void) {
    wrapperSetCtrlPtr setCtrl = wrapperSetCtrl;
    wrapperInitPtr init = wrapperInit;
    wrapperFiniPtr fini = wrapperFini;
    wrapperErrorPtr error = wrapperError;
    wrapperVersionPtr version = wrapperVersion;
    wrapperLoadResPtr loadRes = wrapperLoadRes;
    wrapperUnloadResPtr unloadRes = wrapperUnloadRes;
    wrapperCreatePtr create = wrapperCreate;
    wrapperWritePtr write = wrapperWrite;
    wrapperReadPtr read = wrapperRead;
    wrapperDestroyPtr destroy = wrapperDestroy;
    wrapperExecPtr exec = wrapperExec;
    wrapperExecFreePtr execFree = wrapperExecFree;
    wrapperExecAsyncPtr execAsync = wrapperExecAsync;
    wrapperDebugInfoPtr debugInfo = wrapperDebugInfo;
    return (setCtrl != NULL) + (init != NULL) + (fini != NULL) + (error != NULL) + (version != NULL)
           + (loadRes != NULL) + (unloadRes != NULL) + (create != NULL) + (write != NULL) + (read != NULL)
           + (destroy != NULL) + (exec != NULL) + (execFree != NULL) + (execAsync != NULL) + (debugInfo != NULL);
}
