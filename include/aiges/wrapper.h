/*
 * wrapper.h: the functions an AIGES engine library (libwrapper.so) exports.
 *
 * Written for aiges (Java); binary compatible with the original AIGES wrapper.h. Every function
 * returns 0 on success or an engine error code, except where noted. See docs/native-engines.md
 * for who allocates and frees what, and which calls must be thread-safe.
 */
#ifndef AIGES_WRAPPER_H
#define AIGES_WRAPPER_H

#include "type.h"

#if defined(_WIN32)
#define WrapperAPI __declspec(dllexport)
#else
#define WrapperAPI __attribute__((visibility("default")))
#endif

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

/* A debug string for a session, owned by the engine. */
WrapperAPI const char* wrapperDebugInfo(const void* handle);

#ifdef __cplusplus
}
#endif

#endif /* AIGES_WRAPPER_H */
