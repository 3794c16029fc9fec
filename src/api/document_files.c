/* document_files.c: see document_files.h. */
#include "document_files.h"
#include <errno.h>
#include <magic.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../util/filetype.h"
#include "../util/log.h"

/* libmagic handles are not thread-safe: one shared handle, used under a mutex. */
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic_handle;
#define MAGIC_READ_MAX (1024 * 1024)

static const char *const allowed_types[] = {
	"application/pdf",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.oasis.opendocument.text",
	"application/vnd.oasis.opendocument.spreadsheet",
	"image/png",
	"image/jpeg",
};

static bool is_zip_package_type(const char *type)
{
	return strncmp(type, "application/vnd.openxmlformats-officedocument.", 46) == 0 ||
	       strncmp(type, "application/vnd.oasis.opendocument.", 35) == 0;
}

const char *document_type_recognise(const char *path)
{
	char found[128] = "";
	pthread_mutex_lock(&magic_lock);
	if (!magic_handle) {
		magic_handle = magic_open(MAGIC_MIME_TYPE);
		if (magic_handle && magic_load(magic_handle, NULL) != 0) {
			log_error("libmagic: %s", magic_error(magic_handle));
			magic_close(magic_handle);
			magic_handle = NULL;
		} else if (magic_handle) {
			/* The signatures of the allowed types sit in a file's first kilobytes; without
			 * this cap libmagic reads up to 7 MiB of every upload into memory. */
			size_t bytes_max = MAGIC_READ_MAX;
			magic_setparam(magic_handle, MAGIC_PARAM_BYTES_MAX, &bytes_max);
		}
	}
	const char *m = magic_handle ? magic_file(magic_handle, path) : NULL;
	if (m)
		snprintf(found, sizeof found, "%s", m);
	pthread_mutex_unlock(&magic_lock);
	/* libmagic names a ZIP package by its first entries only, or says application/zip: every
	 * archive is judged by its whole central directory and its declared parts instead. */
	if (strcmp(found, "application/zip") == 0 || strcmp(found, "application/octet-stream") == 0 ||
	    is_zip_package_type(found))
		return filetype_media_type(filetype_recognise(path));
	for (size_t i = 0; i < sizeof allowed_types / sizeof allowed_types[0]; i++)
		if (strcmp(found, allowed_types[i]) == 0)
			return allowed_types[i];
	return NULL;
}

int document_size_limit(struct db *db, int64_t *bytes)
{
	return settings_get(db, SETTING_UPLOAD_MAX_BYTES, bytes);
}

static int make_dir(const char *path) { return mkdir(path, 0750) == 0 || errno == EEXIST ? 0 : -1; }

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
	char buf[65536];
	size_t n;
	bool ok = in && out;
	while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
		ok = fwrite(buf, 1, n, out) == n;
	ok = ok && !ferror(in);
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		ok = false;
	return ok ? 0 : -1;
}

int document_blob_keep(struct arena *a, const char *data_dir, const char *path, const char *sha256, bool move)
{
	char *blobs = arena_printf(a, "%s/blobs", data_dir);
	char *dir = arena_printf(a, "%s/%.2s", blobs, sha256);
	char *dest = arena_printf(a, "%s/%s", dir, sha256 + 2);
	if (make_dir(data_dir) != 0 || make_dir(blobs) != 0 || make_dir(dir) != 0) {
		log_error("cannot make the directory %s: %s", dir, strerror(errno));
		return -1;
	}
	struct stat sb;
	if (stat(dest, &sb) == 0)
		return 0;
	if (move && rename(path, dest) == 0)
		return 0;
	/* a copy (also where a move across file systems fails) appears under its final name only once whole */
	char *tmp = arena_printf(a, "%s.part", dest);
	if (copy_file(path, tmp) == 0 && rename(tmp, dest) == 0)
		return 0;
	log_error("cannot store %s as %s", path, dest);
	unlink(tmp);
	return -1;
}
