/* fuzz_xlsx: any bytes read as a workbook by its defined names, as the offline form's import
 * reads an upload (src/util/xlsx.c: libzip, then expat over the workbook, its relationships, the
 * sheets that names point into and the shared strings). It must answer without reading out of
 * bounds, leaking, or going past the archive limits; every cell found must be whole. Seeds:
 * tests/fuzz/corpus/xlsx/ (the blank offline form, a filled one, hand-made oddities). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "../../src/domain/offline_form.h"
#include "../../src/util/xlsx.h"

static void check_cell(struct xlsx *x, const char *name)
{
	struct xlsx_cell c;
	if (xlsx_named_cell(x, name, &c) != 0)
		return;
	/* a found cell has a sheet, a reference of letters then digits, and text where its type says */
	if (!c.sheet || !c.ref || !*c.ref || strlen(c.ref) > 15)
		__builtin_trap();
	if ((c.type == XLSX_TEXT || c.type == XLSX_ERROR) && !c.text)
		__builtin_trap();
	if (c.type == XLSX_TEXT)
		(void)strlen(c.text);
	if (c.type == XLSX_NUMBER)
		(void)xlsx_serial_to_days(c.number, xlsx_date1904(x));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xlsx *x;
	if (xlsx_open_buffer(data, size, &x) != XLSX_OK) {
		if (x)
			__builtin_trap();
		return 0;
	}
	static const char *const fixed[] = {OFFLINE_NAME_VERSION, OFFLINE_NAME_LANGUAGE, OFFLINE_NAME_PARTNER, OFFLINE_NAME_CONTACT,
		OFFLINE_NAME_PREVIOUSLY, OFFLINE_NAME_PREVIOUS_AGENCY, OFFLINE_NAME_PREVIOUS_DATE, OFFLINE_NAME_PREVIOUS_RATING,
		OFFLINE_NAME_AGENCY, OFFLINE_NAME_RATING_DATE};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		check_cell(x, fixed[i]);
	char name[OFFLINE_NAME_MAX];
	for (int k = 1; k <= STANDARD_COUNT; k++)
		for (int w = OFFLINE_SELF_ANSWER; w <= OFFLINE_VERIFY_COMMENT; w++)
			check_cell(x, offline_standard_name(k, (enum offline_standard_cell)w, name));
	for (int i = 1; i <= 3; i++)
		for (int w = OFFLINE_ACT_STANDARD; w <= OFFLINE_ACT_DUE_DATE; w++)
			check_cell(x, offline_activity_name(i, (enum offline_activity_cell)w, name));
	xlsx_close(x);
	return 0;
}
