/* upload.c: see upload.h. The file field is written under <data>/tmp with a unique name; the api
 * layer moves it into the content-addressed store once it has decided to keep it. */
#include "upload.h"
#include <errno.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../util/log.h"

#define UPLOAD_BUFFER 65536

struct upload_state {
	struct MHD_PostProcessor *pp;
	crypto_hash_sha256_state sha;
	FILE *fp;
	char tmp_path[1024];
	char *filename;
	uint64_t size, max;
	bool too_large, has_file, bad_form, file_done, not_stored;
	struct { char *name; char *value; size_t len; } fields[8];
	int nfields;
	int last_field;   /* the field the previous call fed, -1 after the file */
};

static int field_append(struct upload_state *u, const char *key, const char *data, size_t size, uint64_t off)
{
	int i;
	for (i = 0; i < u->nfields; i++)
		if (strcmp(u->fields[i].name, key) == 0)
			break;
	if (i == u->nfields) {
		if (u->nfields == 8) { u->bad_form = true; return 0; }
		u->fields[i].name = strdup(key);
		u->fields[i].value = calloc(1, HTTP_FORM_FIELD_MAX + 1);
		u->fields[i].len = 0;
		u->nfields++;
	} else if (off == 0 && i != u->last_field) {
		u->bad_form = true; /* the same field twice (MHD may deliver one value in several calls at offset 0) */
		return 0;
	}
	u->last_field = i;
	if (u->fields[i].len + size > HTTP_FORM_FIELD_MAX) {
		u->bad_form = true;
		return 0;
	}
	memcpy(u->fields[i].value + u->fields[i].len, data, size);
	u->fields[i].len += size;
	return 0;
}

static int file_append(struct upload_state *u, const char *filename, const char *data, size_t size, uint64_t off)
{
	u->last_field = -1;
	if (off == 0) {
		if (u->has_file) { u->bad_form = true; return 0; }
		u->has_file = true;
		u->filename = strdup(filename ? filename : "");
		int fd = mkstemp(u->tmp_path);
		if (fd < 0 || !(u->fp = fdopen(fd, "wb"))) {
			log_error("cannot create %s: %s", u->tmp_path, strerror(errno));
			if (fd >= 0) close(fd);
			u->tmp_path[0] = '\0';
			u->not_stored = true;
			return -1;
		}
	}
	if (u->too_large || !u->fp)
		return 0;
	if (u->size + size > u->max) {
		u->too_large = true; /* keep reading, store nothing more */
		fclose(u->fp);
		u->fp = NULL;
		unlink(u->tmp_path);
		return 0;
	}
	if (size && fwrite(data, 1, size, u->fp) != size) {
		log_error("cannot write %s: %s", u->tmp_path, strerror(errno));
		u->not_stored = true;
		return -1;
	}
	crypto_hash_sha256_update(&u->sha, (const unsigned char *)data, size);
	u->size += size;
	return 0;
}

static enum MHD_Result iterate(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
			       const char *content_type, const char *transfer_encoding, const char *data,
			       uint64_t off, size_t size)
{
	(void)kind; (void)content_type; (void)transfer_encoding;
	struct upload_state *u = cls;
	if (!key)
		return MHD_YES;
	int rc = strcmp(key, "file") == 0 ? file_append(u, filename, data, size, off)
					  : field_append(u, key, data, size, off);
	return rc == 0 ? MHD_YES : MHD_NO;
}

struct upload_state *upload_begin(void *connection, const char *data_dir, uint64_t max)
{
	struct upload_state *u = calloc(1, sizeof *u);
	u->max = max;
	u->last_field = -1;
	crypto_hash_sha256_init(&u->sha);
	snprintf(u->tmp_path, sizeof u->tmp_path, "%s/tmp/upload-XXXXXX", data_dir);
	u->pp = MHD_create_post_processor(connection, UPLOAD_BUFFER, iterate, u);
	if (!u->pp)
		u->bad_form = true;
	return u;
}

int upload_feed(struct upload_state *u, const char *data, size_t len)
{
	if (!u->pp)
		return 0; /* not a form: reported by upload_result */
	if (MHD_post_process(u->pp, data, len) == MHD_YES)
		return 0;
	return u->not_stored ? UPLOAD_NOT_STORED : UPLOAD_MALFORMED;
}

struct upload *upload_result(struct upload_state *u, struct arena *a)
{
	struct upload *out = arena_alloc(a, sizeof *out);
	if (!u) {
		out->bad_form = true;
		return out;
	}
	if (u->fp) {
		if (fclose(u->fp) != 0)
			u->bad_form = true;
		u->fp = NULL;
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&u->sha, digest);
	sodium_bin2hex(out->sha256, sizeof out->sha256, digest, sizeof digest);
	out->tmp_path = u->has_file && !u->too_large ? arena_strdup(a, u->tmp_path) : NULL;
	out->filename = arena_strdup(a, u->filename);
	out->size = u->size;
	out->too_large = u->too_large;
	out->has_file = u->has_file;
	out->bad_form = u->bad_form;
	for (int i = 0; i < u->nfields; i++) {
		out->fields[i].name = arena_strdup(a, u->fields[i].name);
		out->fields[i].value = arena_strndup(a, u->fields[i].value, u->fields[i].len);
		out->fields[i].len = u->fields[i].len;
	}
	out->nfields = u->nfields;
	return out;
}

void upload_end(struct upload_state *u)
{
	if (!u) return;
	if (u->pp)
		MHD_destroy_post_processor(u->pp);
	if (u->fp)
		fclose(u->fp);
	if (u->has_file && u->tmp_path[0])
		unlink(u->tmp_path); /* a no-op when the api layer moved it into the store */
	for (int i = 0; i < u->nfields; i++) {
		free(u->fields[i].name);
		free(u->fields[i].value);
	}
	free(u->filename);
	free(u);
}
