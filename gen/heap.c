/* heap.c — how the program asks the C library and the kernel for its memory: a one-shot
 * command (build, check, dump) takes a few tens of megabytes at once and ends, so what
 * costs is getting the memory, not keeping it. */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#include "heap.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

/* Memory that one unit's pages free is taken again by the next unit's. By default glibc
 * gives the top of its heap back to the kernel as soon as 128 kB are free, and maps larger
 * blocks afresh each time, so each unit faulted its memory in again: three times the page
 * faults of the book on the measurement booklet, a third of its time. */
void heap_keep_freed_memory(void)
{
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
}

/* Every 4 kB page the program touches first costs a page fault, and on a virtual machine
 * a fault takes microseconds: the 2020 book's 4,200 faults were a tenth of its time. So the
 * heap is grown at the start by 48 MB that the kernel is asked to back with 2 MB pages
 * (transparent huge pages; Debian's kernel gives them to memory marked so), and freed again
 * into the heap, which keeps it (heap_keep_freed_memory). Nothing is touched here: the
 * memory counts only as it is used, 2 MB at a time. One malloc arena, so that the PDF
 * writer's thread takes its memory from the same heap. Where the kernel has no huge pages,
 * madvise fails and nothing changes. */
void heap_use_large_pages(void)
{
	enum { BLOCKS = 3, BLOCK = 16 << 20, HUGE = 2 << 20 };
	mallopt(M_ARENA_MAX, 1);
	void *block[BLOCKS];
	for (int i = 0; i < BLOCKS; i++)
		block[i] = malloc(BLOCK - 4096); /* under the mmap threshold: from the heap */
	for (int i = 0; i < BLOCKS; i++) {
		if (!block[i])
			continue;
		uintptr_t lo = ((uintptr_t)block[i] + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
		uintptr_t hi = ((uintptr_t)block[i] + BLOCK - 4096) & ~(uintptr_t)(HUGE - 1);
		if (hi > lo)
			madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	}
	for (int i = BLOCKS - 1; i >= 0; i--)
		free(block[i]);
}
