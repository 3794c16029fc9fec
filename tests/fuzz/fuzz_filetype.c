/* fuzz_filetype: any bytes given to the office-document recognition as if uploaded. It must
 * answer (a type or FILETYPE_UNKNOWN) without reading out of bounds, leaking, or expanding more
 * than the limits allow. Seeds: tests/fuzz/corpus/filetype/. */
#include <stddef.h>
#include <stdint.h>
#include "../../src/util/filetype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum filetype t = filetype_recognise_buffer(data, size);
	/* every answer has a media type, except unknown */
	if ((t == FILETYPE_UNKNOWN) != (filetype_media_type(t) == NULL))
		__builtin_trap();
	return 0;
}
