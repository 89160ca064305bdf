/* Prints the C compiler's view of the ABI structs, one "name value" per line. */
#include <stddef.h>
#include <stdio.h>
#include "aiges/type.h"

#define SHOW(expr) printf("%s %zu\n", #expr, (size_t)(expr))

int main(void) {
    SHOW(sizeof(struct ParamList));
    SHOW(offsetof(struct ParamList, key));
    SHOW(offsetof(struct ParamList, value));
    SHOW(offsetof(struct ParamList, vlen));
    SHOW(offsetof(struct ParamList, next));
    SHOW(sizeof(struct DataList));
    SHOW(offsetof(struct DataList, key));
    SHOW(offsetof(struct DataList, data));
    SHOW(offsetof(struct DataList, len));
    SHOW(offsetof(struct DataList, type));
    SHOW(offsetof(struct DataList, status));
    SHOW(offsetof(struct DataList, desc));
    SHOW(offsetof(struct DataList, next));
    return 0;
}
