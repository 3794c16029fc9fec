/* statics.c: see statics.h. Files are looked up by exact path; "/" is index.html. A path
 * that names no file and has no extension also gets index.html, so pages can be bookmarked. */
#include "compress.h"
#include "statics.h"
#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include "../util/log.h"

#define STATIC_FILE_MAX (4 * 1024 * 1024)

struct static_file {
	char *path;       /* "/app.js" */
	const char *type;
	char *data, *gz;
	size_t len, gz_len;
	char etag[24];
};

struct static_files {
	struct static_file *files;
	size_t n, cap;
};

static const char *type_of(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
		{".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"}, {".woff2", "font/woff2"},
		{".webmanifest", "application/manifest+json"},
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static void compress_file(struct static_file *f)
{
	z_stream z = {0};
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return;
	size_t cap = deflateBound(&z, (uLong)f->len) + 32;
	f->gz = malloc(cap);
	if (!f->gz) { /* served uncompressed */
		deflateEnd(&z);
		return;
	}
	z.next_in = (Bytef *)f->data;
	z.avail_in = (uInt)f->len;
	z.next_out = (Bytef *)f->gz;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) == Z_STREAM_END && z.total_out < f->len) {
		f->gz_len = z.total_out;
	} else {
		free(f->gz);
		f->gz = NULL;
	}
	deflateEnd(&z);
}

/* Room for one more file; false when memory is gone. */
static bool make_room(struct static_files *s)
{
	if (s->n < s->cap)
		return true;
	size_t cap = s->cap ? s->cap * 2 : 32;
	struct static_file *files = realloc(s->files, cap * sizeof *files);
	if (!files)
		return false;
	s->files = files;
	s->cap = cap;
	return true;
}

/* Loads one file. A file that cannot be read is left out; false only when memory is gone, which
 * stops the start: a server missing part of its interface would answer 404 for it. */
static bool load_file(struct static_files *s, const char *full, const char *rel)
{
	FILE *fp = fopen(full, "rb");
	if (!fp) return true;
	struct stat sb;
	if (fstat(fileno(fp), &sb) != 0 || sb.st_size > STATIC_FILE_MAX) {
		fclose(fp);
		return true;
	}
	if (!make_room(s)) {
		fclose(fp);
		return false;
	}
	struct static_file *f = &s->files[s->n];
	memset(f, 0, sizeof *f);
	f->len = (size_t)sb.st_size;
	f->data = malloc(f->len + 1);
	if (!f->data) {
		fclose(fp);
		return false;
	}
	if (fread(f->data, 1, f->len, fp) != f->len) {
		free(f->data);
		fclose(fp);
		return true;
	}
	fclose(fp);
	f->path = strdup(rel);
	if (!f->path) {
		free(f->data);
		return false;
	}
	f->type = type_of(rel);
	unsigned char digest[crypto_generichash_BYTES_MIN];
	crypto_generichash(digest, sizeof digest, (unsigned char *)f->data, f->len, NULL, 0);
	f->etag[0] = '"';
	sodium_bin2hex(f->etag + 1, 2 * 8 + 1, digest, 8);
	strcat(f->etag, "\"");
	compress_file(f);
	s->n++;
	return true;
}

/* false when memory is gone (load_file) */
static bool walk(struct static_files *s, const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	if (!d) return true;
	struct dirent *e;
	bool ok = true;
	while (ok && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char full[1024], sub[512];
		snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
		snprintf(sub, sizeof sub, "%s/%s", rel, e->d_name);
		struct stat sb;
		if (stat(full, &sb) != 0) continue;
		if (S_ISDIR(sb.st_mode))
			ok = walk(s, full, sub);
		else if (S_ISREG(sb.st_mode))
			ok = load_file(s, full, sub);
	}
	closedir(d);
	return ok;
}

struct static_files *statics_load(const char *dir)
{
	struct static_files *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	if (dir && !walk(s, dir, "")) {
		statics_free(s);
		return NULL;
	}
	log_info("interface: %zu files from %s", s->n, dir ? dir : "(none)");
	return s;
}

void statics_free(struct static_files *s)
{
	if (!s) return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->files[i].path);
		free(s->files[i].data);
		free(s->files[i].gz);
	}
	free(s->files);
	free(s);
}

static struct static_file *find(struct static_files *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->files[i].path, path) == 0)
			return &s->files[i];
	return NULL;
}

static bool accepts_gzip(struct req *r) { return http_accepts_gzip(req_header(r, "Accept-Encoding")); }

void statics_serve(struct static_files *s, struct req *r)
{
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
		reply_bytes(r, 405, "text/plain; charset=utf-8", "Method not allowed\n", 19);
		reply_header(r, "Allow", "GET, HEAD");
		return;
	}
	const char *path = strcmp(r->path, "/") == 0 ? "/index.html" : r->path;
	struct static_file *f = strstr(path, "..") ? NULL : find(s, path);
	const char *last = strrchr(path, '/');
	if (!f && last && !strchr(last, '.'))
		f = find(s, "/index.html");
	if (!f) {
		reply_bytes(r, 404, "text/plain; charset=utf-8", "Not found\n", 10);
		return;
	}
	reply_header(r, "ETag", f->etag);
	reply_header(r, "Cache-Control", "no-cache");
	reply_header(r, "Vary", "Accept-Encoding");
	if (strstr(f->type, "text/html"))
		reply_header(r, "Content-Security-Policy",
			     "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
			     "connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; "
			     "base-uri 'none'; form-action 'self'");
	const char *inm = req_header(r, "If-None-Match");
	if (inm && strcmp(inm, f->etag) == 0) {
		reply_bytes(r, 304, f->type, "", 0);
		return;
	}
	if (f->gz && accepts_gzip(r)) {
		reply_bytes(r, 200, f->type, f->gz, f->gz_len);
		reply_header(r, "Content-Encoding", "gzip");
	} else {
		reply_bytes(r, 200, f->type, f->data, f->len);
	}
}
