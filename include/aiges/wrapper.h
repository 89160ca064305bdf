/*
 * wrapper.h: the functions an AIGES engine library (libwrapper.so) exports.
 *
 * Written for aiges (Java); binary compatible with the original AIGES wrapper.h. Every function
 * returns 0 on success or an engine error code, except where noted. See docs/native-engines.md
 * for who allocates and frees what, and which calls must be thread-safe.
 */
#ifndef AIGES_WRAPPER_H
#define AIGES_WRAPPER_H

/* Quoted, so it is found beside this file: both #include "aiges/wrapper.h" (-I include) and the
 * original's flat #include "wrapper.h" (-I include/aiges) work. */
#include "type.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Installs a loader function of kind type. aiges calls it before wrapperInit for each CtrlType
 * with a function that ignores its arguments and returns 0. */
WrapperAPI int wrapperSetCtrl(CtrlType type, void* func);

/* Once at start-up with the [wrapper] section; the list is freed after return: copy what you keep. */
WrapperAPI int wrapperInit(pConfig cfg);

/* Once at shutdown. */
WrapperAPI int wrapperFini(void);

/* The message for an engine error code; static string owned by the engine. */
WrapperAPI const char* wrapperError(int errNum);

/* The engine version; static string owned by the engine. */
WrapperAPI const char* wrapperVersion(void);

/* Loads / unloads a personalisation resource (one DataPer node, status DataEnd): aiges loads
 * the [engine.resources] files after wrapperInit and unloads them before wrapperFini. Requests
 * name them by id in psrIds. */
WrapperAPI int wrapperLoadRes(pDataList perData, unsigned int resId);
WrapperAPI int wrapperUnloadRes(unsigned int resId);

/* Opens a streaming session; returns the engine's handle, NULL (or *errNum != 0) on failure.
 * cb is NULL in sync mode (results are polled with wrapperRead); in async mode push results
 * with cb(usrTag, ...) from any thread until wrapperDestroy returns. usrTag stays valid until
 * then. */
WrapperAPI const void* wrapperCreate(const char* usrTag, pParamList params, wrapperCallback cb,
                                     unsigned int psrIds[], int psrCnt, int* errNum);

/* Feeds input to a session; reqData is freed after return: copy what you keep. */
WrapperAPI int wrapperWrite(const void* handle, pDataList reqData);

/* Sync mode: the results ready so far in *respData (NULL = none yet). The engine owns the
 * list until the next read or wrapperDestroy. */
WrapperAPI int wrapperRead(const void* handle, pDataList* respData);

/* Ends a session and frees everything it holds. */
WrapperAPI int wrapperDestroy(const void* handle);

/* One-shot, blocking; thread-safe. The engine allocates *respData; the loader copies it and
 * gives it back with wrapperExecFree. */
WrapperAPI int wrapperExec(const char* usrTag, pParamList params, pDataList reqData,
                           pDataList* respData, unsigned int psrIds[], int psrCnt);

/* Frees what wrapperExec put in *respData. */
WrapperAPI int wrapperExecFree(const char* usrTag, pDataList* respData);

/* One-shot, asynchronous; thread-safe. Returns at once; later calls callback(usrTag, ...)
 * exactly once. timeout is in ms (0 = the engine's own). */
WrapperAPI int wrapperExecAsync(const char* usrTag, pParamList params, pDataList reqData,
                                wrapperCallback callback, int timeout,
                                unsigned int psrIds[], int psrCnt);

/* NOT IN THE ORIGINAL ABI: an aiges extension, optional. An engine that exports it declares
 * batch support, and with [batching] maxBatchSize > 1 aiges hands it several one-shot requests
 * in one call, as a model stacks inputs along its batch dimension (an engine without it is never
 * batched; the original loader never calls it). Every array has count elements (2 .. maxBatchSize),
 * element i being request i: its usrTag (sid), params and reqData, as wrapperExec would get them.
 * All requests of a batch name the same personalisation resources, passed once in psrIds/psrCnt.
 * aiges passes respData[] all NULL and rets[] all 0; the engine sets respData[i] to request i's
 * outputs (allocated by the engine, as wrapperExec's *respData) and rets[i] to its error code
 * (0 = answered). Returns 0 when the call as a whole ran (each request then stands on rets[i]),
 * or an error code that fails every request of the batch. Either way aiges copies what it needs
 * and gives every respData[i] that is not NULL back with wrapperExecFree(usrTag[i], &respData[i]).
 * Everything aiges passes is freed after return: copy what you keep. Called on one of aiges's
 * threads, blocking; one batch per licence ([fc] max) at a time, so up to max batches (and
 * single requests, through wrapperExec) run at once on different threads: thread-safe as
 * wrapperExec is. A request that arrives alone still goes through wrapperExec. */
WrapperAPI int wrapperExecBatch(unsigned int count, const char* usrTag[], pParamList params[],
                                pDataList reqData[], pDataList respData[], int rets[],
                                unsigned int psrIds[], int psrCnt);

/* A debug string for a session, owned by the engine. */
WrapperAPI const char* wrapperDebugInfo(const void* handle);

/* The original's pointer types for the functions above (for engines and hosts that dlsym them)
 * and for what wrapperSetCtrl installs. WrapperAPI is left out of them: the type is the same,
 * and gcc warns that the attribute is ignored there, which fails -Werror builds. */
typedef int (*wrapperSetCtrlPtr)(CtrlType type, void* func);
typedef int (*wrapperInitPtr)(pConfig cfg);
typedef int (*wrapperFiniPtr)(void);
typedef const char* (*wrapperErrorPtr)(int errNum);
typedef const char* (*wrapperVersionPtr)(void);
typedef int (*wrapperLoadResPtr)(pDataList perData, unsigned int resId);
typedef int (*wrapperUnloadResPtr)(unsigned int resId);
typedef const void* (*wrapperCreatePtr)(const char* usrTag, pParamList params, wrapperCallback cb,
                                        unsigned int psrIds[], int psrCnt, int* errNum);
typedef int (*wrapperWritePtr)(const void* handle, pDataList reqData);
typedef int (*wrapperReadPtr)(const void* handle, pDataList* respData);
typedef int (*wrapperDestroyPtr)(const void* handle);
typedef int (*wrapperExecPtr)(const char* usrTag, pParamList params, pDataList reqData, pDataList* respData,
                              unsigned int psrIds[], int psrCnt);
typedef int (*wrapperExecFreePtr)(const char* usrTag, pDataList* respData);
typedef int (*wrapperExecAsyncPtr)(const char* usrTag, pParamList params, pDataList reqData,
                                   wrapperCallback callback, int timeout, unsigned int psrIds[], int psrCnt);
typedef const char* (*wrapperDebugInfoPtr)(const void* handle);
/* aiges extension, not in the original ABI (see wrapperExecBatch above). */
typedef int (*wrapperExecBatchPtr)(unsigned int count, const char* usrTag[], pParamList params[],
                                   pDataList reqData[], pDataList respData[], int rets[],
                                   unsigned int psrIds[], int psrCnt);

/* CTMeterCustom's and CTTraceLog's functions as the original declares them. aiges installs
 * functions that accept these calls, drop the record and return 0 (see docs/native-engines.md). */
typedef int (*wrapperMeterCustom)(const void* usrTag, const char* meterKey, int count);
typedef int (*wrapperTraceLog)(const void* usrTag, const char* key, const char* value);

#ifdef __cplusplus
}
#endif

#endif /* AIGES_WRAPPER_H */
