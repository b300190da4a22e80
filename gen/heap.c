/* heap.c — how the program asks the C library and the kernel for its memory: a one-shot
 * command (build, check, dump) takes a few tens of megabytes at once and ends, so what
 * costs is getting the memory, not keeping it. */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#include "heap.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

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
 * (transparent huge pages; Debian's kernel gives them to memory marked so), which the heap
 * keeps (heap_keep_freed_memory). Nothing is touched here: the memory counts only as it is
 * used, 2 MB at a time. One malloc arena, so that the PDF writer's thread takes its memory
 * from the same heap. Where the kernel has no huge pages, madvise fails and nothing
 * changes.
 *
 * A 2 MB page can only be had for a 2 MB-aligned range that nothing has touched before it
 * is marked: one page written there (malloc writes a header after each chunk it carves)
 * and the range is served in 4 kB pages. So the heap is grown with a top pad, by a block
 * that ends just below a 2 MB boundary and is kept, untouched: what the program allocates
 * next starts on the boundary, and all above it is marked before anything is written. */
void heap_use_large_pages(void)
{
	enum { GROW = 48 << 20, HUGE = 2 << 20, DEFAULT_TOP_PAD = 128 << 10, FIRST = 256 << 10 };
	static void *below_boundary;
	mallopt(M_ARENA_MAX, 1);
	mallopt(M_TOP_PAD, GROW);
	/* more than the heap's first 132 kB: the heap grows here, by GROW beside, and malloc
	 * writes only the header after this block */
	char *p = malloc(FIRST);
	if (!p)
		return;
	size_t to_boundary = HUGE - (uintptr_t)p % HUGE;
	if (to_boundary < FIRST + 8192)
		to_boundary += HUGE;
	char *grown = realloc(p, to_boundary - 128); /* in place, into the heap's top */
	below_boundary = grown ? grown : p;
	mallopt(M_TOP_PAD, DEFAULT_TOP_PAD);
	uintptr_t lo = ((uintptr_t)below_boundary + to_boundary + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
	uintptr_t hi = (uintptr_t)sbrk(0) & ~(uintptr_t)(HUGE - 1);
	/* only where the heap grew as asked (not under a sanitizer's or valgrind's malloc) */
	if (grown == p && hi > lo && hi - lo <= GROW)
		madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
}
