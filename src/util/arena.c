/* arena.c: a chain of blocks; large requests get a block of their own. */
#include "arena.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 8192

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

void arena_init(struct arena *a) { memset(a, 0, sizeof *a); }

void arena_free(struct arena *a)
{
	while (a->ncleanup > 0) {
		a->ncleanup--;
		a->cleanup[a->ncleanup](a->cleanup_arg[a->ncleanup]);
	}
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (n == 0)
		n = sizeof(max_align_t);
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = malloc(sizeof *b + size);
		if (!b) {
			fputs("psea: out of memory\n", stderr);
			abort();
		}
		b->size = size;
		b->used = 0;
		if (n > ARENA_BLOCK && a->head) { /* keep the current block on top for small ones */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *d = arena_alloc(a, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	char *d = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return d;
}

void *arena_grow(struct arena *a, void *items, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return items;
	size_t bigger = *cap ? *cap * 2 : 16;
	void *p = arena_alloc(a, bigger * size);
	if (n)
		memcpy(p, items, n * size);
	*cap = bigger;
	return p;
}

int arena_on_free(struct arena *a, void (*fn)(void *), void *arg)
{
	if (a->ncleanup >= (int)(sizeof a->cleanup / sizeof a->cleanup[0]))
		return -1;
	a->cleanup[a->ncleanup] = fn;
	a->cleanup_arg[a->ncleanup] = arg;
	a->ncleanup++;
	return 0;
}
