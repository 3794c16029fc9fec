/* demo_generate.h: the seeded generator behind `psea demo --partners N [--seed S]`. */
#ifndef PSEA_DEMO_GENERATE_H
#define PSEA_DEMO_GENERATE_H
#include <stdint.h>
#include "../store/store.h"

/* The account the generated actions are recorded under (created by `psea demo` first). */
#define DEMO_GENERATOR_USER "advanced@unicef.demo.psea"

struct demo_generated {
	long partners, partnerships, assessments, rated, documents, plans, activities;
};

/* Adds partners with their partnerships, assessments, answers and documents, inside the
 * caller's transaction. The same seed gives the same data. */
int demo_generate(struct db *db, long partners, uint64_t seed, instant_t now, struct demo_generated *counts);

#endif
