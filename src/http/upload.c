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

/* A file beside "file" (ROUTE_UPLOAD_FILES). */
struct extra_file {
	char *field, *filename;
	char tmp_path[1024];
	FILE *fp;
	crypto_hash_sha256_state sha;
	uint64_t size;
	bool too_large;
};

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
	char tmp_template[1024];
	struct extra_file *extra;
	int nextra, extra_max;
	int extra_current; /* the extra file the previous call fed, -1 after anything else */
	bool too_many_files, request_too_large;
	uint64_t fed, total_max;
};

/* Memory ran out: the form is dropped and the request answered as an upload that could not be
 * stored. -1 stops the parser. */
static int out_of_memory(struct upload_state *u)
{
	log_error("out of memory while reading an uploaded form");
	u->not_stored = true;
	return -1;
}

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
		if (!u->fields[i].name || !u->fields[i].value) {
			free(u->fields[i].name);
			free(u->fields[i].value);
			return out_of_memory(u);
		}
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
		if (!u->filename) {
			u->tmp_path[0] = '\0';
			return out_of_memory(u);
		}
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

/* Whether this call starts another part: MHD announces a part at offset 0, and may do so twice
 * for one part while nothing of it has arrived yet. */
static bool extra_starts(struct upload_state *u, const char *key, uint64_t off)
{
	if (off != 0)
		return false;
	if (u->extra_current < 0)
		return true;
	const struct extra_file *f = &u->extra[u->extra_current];
	return strcmp(f->field, key) != 0 || f->size > 0 || f->too_large;
}

static int extra_open(struct upload_state *u, const char *key, const char *filename)
{
	if (u->nextra == u->extra_max) {
		u->too_many_files = true; /* dropped: the api layer says how many are allowed */
		u->extra_current = -1;
		return 0;
	}
	struct extra_file *f = &u->extra[u->nextra];
	memset(f, 0, sizeof *f);
	f->field = strdup(key);
	f->filename = strdup(filename);
	if (!f->field || !f->filename) {
		free(f->field);
		free(f->filename);
		return out_of_memory(u);
	}
	crypto_hash_sha256_init(&f->sha);
	memcpy(f->tmp_path, u->tmp_template, sizeof f->tmp_path);
	u->extra_current = u->nextra++;
	int fd = mkstemp(f->tmp_path);
	if (fd < 0 || !(f->fp = fdopen(fd, "wb"))) {
		log_error("cannot create %s: %s", f->tmp_path, strerror(errno));
		if (fd >= 0) close(fd);
		f->tmp_path[0] = '\0';
		u->not_stored = true;
		return -1;
	}
	return 0;
}

static int extra_append(struct upload_state *u, const char *key, const char *filename, const char *data, size_t size, uint64_t off)
{
	u->last_field = -1;
	if (extra_starts(u, key, off) && extra_open(u, key, filename) != 0)
		return -1;
	if (u->extra_current < 0)
		return 0;
	struct extra_file *f = &u->extra[u->extra_current];
	if (f->too_large || !f->fp)
		return 0;
	if (f->size + size > u->max) {
		f->too_large = true; /* listed by the api layer; the rest is read and dropped */
		fclose(f->fp);
		f->fp = NULL;
		unlink(f->tmp_path);
		f->tmp_path[0] = '\0'; /* the name may soon be another upload's */
		return 0;
	}
	if (size && fwrite(data, 1, size, f->fp) != size) {
		log_error("cannot write %s: %s", f->tmp_path, strerror(errno));
		u->not_stored = true;
		return -1;
	}
	crypto_hash_sha256_update(&f->sha, (const unsigned char *)data, size);
	f->size += size;
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
	bool extra = u->extra_max && filename && strcmp(key, "file") != 0;
	if (!extra)
		u->extra_current = -1;
	int rc = extra ? extra_append(u, key, filename, data, size, off)
		 : strcmp(key, "file") == 0 ? file_append(u, filename, data, size, off)
		 : field_append(u, key, data, size, off);
	return rc == 0 ? MHD_YES : MHD_NO;
}

struct upload_state *upload_begin(void *connection, const char *data_dir, uint64_t max, int files_max, uint64_t total_max)
{
	struct upload_state *u = calloc(1, sizeof *u);
	if (!u)
		return NULL;
	u->max = max;
	u->total_max = total_max;
	u->last_field = -1;
	u->extra_current = -1;
	u->extra_max = files_max > 0 ? files_max : 0;
	u->extra = u->extra_max ? calloc((size_t)u->extra_max, sizeof *u->extra) : NULL;
	if (u->extra_max && !u->extra) {
		free(u);
		return NULL;
	}
	crypto_hash_sha256_init(&u->sha);
	snprintf(u->tmp_path, sizeof u->tmp_path, "%s/tmp/upload-XXXXXX", data_dir);
	memcpy(u->tmp_template, u->tmp_path, sizeof u->tmp_template);
	u->pp = MHD_create_post_processor(connection, UPLOAD_BUFFER, iterate, u);
	if (!u->pp)
		u->bad_form = true;
	return u;
}

int upload_feed(struct upload_state *u, const char *data, size_t len)
{
	if (!u->pp || u->request_too_large)
		return 0; /* not a form: reported by upload_result; past the whole limit: dropped */
	u->fed += len;
	if (u->total_max && u->fed > u->total_max) {
		u->request_too_large = true; /* a body sent without its length, or longer than it said */
		return 0;
	}
	if (MHD_post_process(u->pp, data, len) == MHD_YES)
		return 0;
	return u->not_stored ? UPLOAD_NOT_STORED : UPLOAD_MALFORMED;
}

/* False when the file could not be finished on disk. */
static bool extra_result(struct extra_file *f, struct arena *a, struct upload_file *out)
{
	bool ok = true;
	if (f->fp) {
		ok = fclose(f->fp) == 0;
		f->fp = NULL;
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&f->sha, digest);
	sodium_bin2hex(out->sha256, sizeof out->sha256, digest, sizeof digest);
	out->field = arena_strdup(a, f->field);
	out->filename = arena_strdup(a, f->filename);
	out->tmp_path = !f->too_large && f->tmp_path[0] ? arena_strdup(a, f->tmp_path) : NULL;
	out->size = f->size;
	out->too_large = f->too_large;
	return ok;
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
	out->too_large = out->too_large || u->request_too_large;
	out->too_many_files = u->too_many_files;
	out->files = u->nextra ? arena_alloc(a, (size_t)u->nextra * sizeof *out->files) : NULL;
	for (int i = 0; i < u->nextra; i++)
		if (!extra_result(&u->extra[i], a, &out->files[i]))
			out->bad_form = true;
	out->nfiles = u->nextra;
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
	for (int i = 0; i < u->nextra; i++) {
		struct extra_file *f = &u->extra[i];
		if (f->fp)
			fclose(f->fp);
		if (f->tmp_path[0])
			unlink(f->tmp_path); /* a no-op when the api layer moved it into the store */
		free(f->field);
		free(f->filename);
	}
	free(u->extra);
	free(u->filename);
	free(u);
}
