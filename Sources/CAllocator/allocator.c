#include "axis_allocator.h"

#if defined(__linux__)

#include <jemalloc/jemalloc.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

static char description[160];
static pthread_once_t described = PTHREAD_ONCE_INIT;

static void describe(void) {
    const char *version = NULL;
    size_t size = sizeof(version);
    if (mallctl("version", &version, &size, NULL, 0) == 0 && version != NULL) {
        snprintf(description, sizeof(description), "jemalloc %s", version);
    } else {
        snprintf(description, sizeof(description), "the system's malloc");
    }
}

const char *axis_allocator_description(void) {
    pthread_once(&described, describe);
    return description;
}

#else

const char *axis_allocator_description(void) { return "the system's malloc"; }

#endif
