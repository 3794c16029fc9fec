/* main.c: runs every group of unit tests. Each tests/unit/test_*.c file exports one group. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "groups.h"

int main(void)
{
	int failed = 0;
#define GROUP(name) failed += run_##name();
	UNIT_GROUPS
#undef GROUP
	return failed ? 1 : 0;
}
