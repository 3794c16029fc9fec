/* groups.h: the list of unit test groups; add a line when adding a tests/unit/test_*.c file. */
#ifndef PSEA_TEST_GROUPS_H
#define PSEA_TEST_GROUPS_H
#define UNIT_GROUPS \
	GROUP(timeutil) \
	GROUP(accounts) \
	GROUP(incident) \
	GROUP(export) \
	GROUP(rating) \
	GROUP(assessment) \
	GROUP(standing) \
	GROUP(migrations) \
	GROUP(csip) \
	GROUP(json_out) \
	GROUP(cache) \
	GROUP(settings) \
	GROUP(compress) \
	GROUP(mail) \
	GROUP(text) \
	GROUP(reply) \
	GROUP(filetype) \
	GROUP(store_status) \
	GROUP(idtoken) \
	GROUP(screening) \
	GROUP(xlsx) \
	GROUP(country)

#define GROUP(name) int run_##name(void);
UNIT_GROUPS
#undef GROUP
#endif
