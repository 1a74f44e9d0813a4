#ifndef AXIS_ALLOCATOR_H
#define AXIS_ALLOCATOR_H

// Which malloc the executables run on. They link jemalloc on Linux (docs/benchmarks.md, "The
// allocator"): with glibc's malloc, walking its free lists was a fifth of a two-word query's
// time at 200,000 documents.

// "jemalloc 5.3.0-0-g54eaed1d...", or "the system's malloc" where the executable does not
// run on jemalloc. Static storage, made once: never freed, the same pointer on every call.
const char *axis_allocator_description(void);

#endif
