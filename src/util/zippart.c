/* zippart.c: see zippart.h. */
#include "zippart.h"
#include <stdint.h>
#include <stdlib.h>

bool zippart_within_limits(zip_t *za, const struct filetype_limits *limits)
{
	zip_int64_t n = zip_get_num_entries(za, 0);
	if (n <= 0 || (uint64_t)n > limits->entries_max)
		return false;
	uint64_t total = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
		    st.size > limits->uncompressed_max - total)
			return false;
		total += st.size;
	}
	return true;
}

char *zippart_read(zip_t *za, const char *name, size_t max, size_t *len, int *rc)
{
	*rc = ZIPPART_OK;
	zip_int64_t index = zip_name_locate(za, name, ZIP_FL_NOCASE);
	if (index < 0)
		return NULL;
	zip_stat_t st;
	if (zip_stat_index(za, (zip_uint64_t)index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
		*rc = ZIPPART_EUNREADABLE;
		return NULL;
	}
	if (st.size > max) {
		*rc = ZIPPART_ETOOLARGE;
		return NULL;
	}
	zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)index, 0);
	char *buf = f ? malloc(st.size + 1) : NULL;
	zip_int64_t got = buf ? zip_fread(f, buf, st.size) : -1;
	if (f)
		zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		free(buf);
		*rc = buf || !f ? ZIPPART_EUNREADABLE : ZIPPART_ENOMEM;
		return NULL;
	}
	buf[got] = '\0';
	*len = (size_t)got;
	return buf;
}
