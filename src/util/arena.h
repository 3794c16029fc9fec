/* arena.h: per-request memory. Everything allocated from an arena is freed at once by
 * arena_free(); nothing is freed one by one. Allocation failure aborts the process: a request
 * that cannot get a few kilobytes has nothing sensible left to do. */
#ifndef PSEA_ARENA_H
#define PSEA_ARENA_H
#include <stddef.h>
#include <stdarg.h>

struct arena_block;
struct arena {
	struct arena_block *head;
	void (*cleanup[8])(void *);   /* run by arena_free, last registered first */
	void *cleanup_arg[8];
	int ncleanup;
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);      /* zeroed */
char *arena_strdup(struct arena *a, const char *s); /* NULL stays NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns an array with room for element n (of size bytes each): items itself while n < *cap,
 * else a copy twice as large (the old block stays in the arena until it is freed). */
void *arena_grow(struct arena *a, void *items, size_t *cap, size_t n, size_t size);
/* Registers fn(arg) to run when the arena is freed (e.g. json_decref of a response). */
int arena_on_free(struct arena *a, void (*fn)(void *), void *arg);

#endif
