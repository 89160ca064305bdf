/*
 * The baseline for NativeOnceBench: the same wrapperExec + wrapperExecFree pair that aiges calls
 * through FFM, called in a plain C loop against the same engine library and the same request
 * (one parameter "sid", one 64-byte text item). Prints nanoseconds per call.
 *   exec_loop LIBRARY ITERATIONS
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "aiges/wrapper.h"

typedef int (*init_fn)(pConfig);
typedef int (*exec_fn)(const char*, pParamList, pDataList, pDataList*, unsigned int[], int);
typedef int (*free_fn)(const char*, pDataList*);

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: exec_loop LIBRARY ITERATIONS\n");
        return 2;
    }
    void* lib = dlopen(argv[1], RTLD_NOW);
    if (lib == NULL) {
        fprintf(stderr, "%s\n", dlerror());
        return 1;
    }
    init_fn init = (init_fn) dlsym(lib, "wrapperInit");
    exec_fn exec = (exec_fn) dlsym(lib, "wrapperExec");
    free_fn release = (free_fn) dlsym(lib, "wrapperExecFree");
    init(NULL);
    long iterations = atol(argv[2]);
    char data[64];
    memset(data, 'a', sizeof data);
    struct ParamList sid = {"sid", "bench", 5, NULL};
    struct DataList item = {"in", data, sizeof data, DataText, DataOnce, NULL, NULL};
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long i = 0; i < iterations; i++) {
        pDataList out = NULL;
        exec("bench", &sid, &item, &out, NULL, 0);
        release("bench", &out);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double ns = (end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec);
    printf("%.1f\n", ns / iterations);
    return 0;
}
