/*
 * type.h: the data types of the AIGES engine ABI.
 *
 * Written for aiges (Java) from the published AIGES interface description; binary compatible
 * with engines built against the original AIGES headers: same enums, same struct layouts.
 */
#ifndef AIGES_TYPE_H
#define AIGES_TYPE_H

/* Marks the functions a library exports. Here, as in the original type.h, so sources that
 * include only type.h, or write it after the return type (int WrapperAPI wrapperInit(...)),
 * compile; a build may define its own. */
#ifndef WrapperAPI
#if defined(_WIN32)
#define WrapperAPI __declspec(dllexport)
#else
#define WrapperAPI __attribute__((visibility("default")))
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* What wrapperSetCtrl installs. */
typedef enum {
    CTMeterCustom = 0, /* custom metering function */
    CTMetricsLog = 1,  /* metrics log function */
    CTTraceLog = 2     /* trace log function */
} CtrlType;

/* What a DataList node carries. */
typedef enum {
    DataText = 0,
    DataAudio = 1,
    DataImage = 2,
    DataVideo = 3,
    DataPer = 4 /* personalisation resource */
} DataType;

/* Where a DataList node sits in its stream. */
typedef enum {
    DataBegin = 0,
    DataContinue = 1,
    DataEnd = 2,
    DataOnce = 3 /* the whole data in one piece: one-shot requests */
} DataStatus;

/* A key/value list: configuration, request parameters, data descriptors.
 * value is NUL-terminated; vlen = strlen(value). */
typedef struct ParamList {
    char* key;
    char* value;
    unsigned int vlen;
    struct ParamList* next;
} *pParamList, *pConfig, *pDescList;

/* A list of data segments; key names the stream (the input or output field name). */
typedef struct DataList {
    char* key;
    void* data;
    unsigned int len;
    DataType type;
    DataStatus status;
    pDescList desc;
    struct DataList* next;
} *pDataList;

/* How an engine delivers results in async mode. usrTag is the tag the call received;
 * respData stays owned by the engine (the loader copies it before returning);
 * ret != 0 reports a failure. Returns 0 when delivered, -1 when nobody waits for usrTag. */
typedef int (*wrapperCallback)(const void* usrTag, pDataList respData, int ret);

#ifdef __cplusplus
}
#endif

#endif /* AIGES_TYPE_H */
