/* heap.h — how the program asks the C library and the kernel for its memory. */
#ifndef PB_HEAP_H
#define PB_HEAP_H

void heap_keep_freed_memory(void);
void heap_use_large_pages(void);

#endif
