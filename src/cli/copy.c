/* copy.c: psea copy --from sqlite:PATH --to postgresql://... [--data-from DIR --data-to DIR]
 *
 * Moves a deployment from the embedded database to PostgreSQL. The documents are files named by
 * their SHA-256 (<data>/blobs/ab/cdef...), the same whatever the database: when the new servers
 * use another data directory, --data-from and --data-to copy them too, each checked against its
 * name. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"

static const char usage[] =
	"usage: psea copy --from sqlite:PATH --to postgresql://... [--data-from DIR --data-to DIR]\n";

struct totals { int tables; int64_t rows; bool all_verified; };

static void report_table(const struct store_copy_table *t, void *ctx)
{
	struct totals *totals = ctx;
	totals->tables++;
	totals->rows += t->rows;
	if (!t->verified)
		totals->all_verified = false;
	printf("%-24s %8lld rows  checksum %.16s  %s\n", t->name, (long long)t->rows, t->checksum,
	       t->verified ? "verified" : "DIFFERS");
}

/* Hashes src while copying it to dst (through a temporary name, so a crash leaves no half file). */
static int copy_file(const char *src, const char *dst, char hex[65])
{
	FILE *in = fopen(src, "rb");
	if (!in)
		return -1;
	char tmp[PATH_MAX + 600];
	snprintf(tmp, sizeof tmp, "%s.part", dst);
	FILE *out = fopen(tmp, "wb");
	if (!out) {
		fclose(in);
		return -1;
	}
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	unsigned char buf[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
		crypto_hash_sha256_update(&h, buf, n);
		if (fwrite(buf, 1, n, out) != n) {
			rc = -1;
			break;
		}
	}
	if (ferror(in))
		rc = -1;
	fclose(in);
	if (fclose(out) != 0)
		rc = -1;
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(hex, 65, digest, sizeof digest);
	if (rc == 0 && rename(tmp, dst) != 0)
		rc = -1;
	if (rc != 0)
		unlink(tmp);
	return rc;
}

static bool is_hex(const char *s, size_t len)
{
	if (strlen(s) != len)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* Copies <from>/blobs/xx/yyyy... to <to>/blobs/xx/yyyy..., checking each file's SHA-256 against
 * its name. Returns the number of files, or -1 after printing what went wrong. */
static long copy_blobs(const char *from, const char *to)
{
	char src_root[PATH_MAX], dst_root[PATH_MAX];
	snprintf(src_root, sizeof src_root, "%s/blobs", from);
	snprintf(dst_root, sizeof dst_root, "%s/blobs", to);
	DIR *top = opendir(src_root);
	if (!top) {
		if (errno == ENOENT)
			return 0; /* no document was ever stored */
		fprintf(stderr, "psea: cannot read %s: %s\n", src_root, strerror(errno));
		return -1;
	}
	if ((mkdir(to, 0750) != 0 && errno != EEXIST) || (mkdir(dst_root, 0750) != 0 && errno != EEXIST)) {
		fprintf(stderr, "psea: cannot create %s: %s\n", dst_root, strerror(errno));
		closedir(top);
		return -1;
	}
	long files = 0;
	struct dirent *d;
	while (files >= 0 && (d = readdir(top))) {
		if (!is_hex(d->d_name, 2))
			continue;
		char src_dir[PATH_MAX + 260], dst_dir[PATH_MAX + 260];
		snprintf(src_dir, sizeof src_dir, "%s/%s", src_root, d->d_name);
		snprintf(dst_dir, sizeof dst_dir, "%s/%s", dst_root, d->d_name);
		DIR *sub = opendir(src_dir);
		if (!sub || (mkdir(dst_dir, 0750) != 0 && errno != EEXIST)) {
			fprintf(stderr, "psea: cannot copy %s: %s\n", src_dir, strerror(errno));
			if (sub) closedir(sub);
			files = -1;
			break;
		}
		struct dirent *f;
		while ((f = readdir(sub))) {
			if (!is_hex(f->d_name, 62))
				continue; /* a document's file, and nothing else (no partial uploads) */
			char src[PATH_MAX + 520], dst[PATH_MAX + 520], hex[65], expected[65];
			snprintf(src, sizeof src, "%s/%s", src_dir, f->d_name);
			snprintf(dst, sizeof dst, "%s/%s", dst_dir, f->d_name);
			snprintf(expected, sizeof expected, "%.2s%.62s", d->d_name, f->d_name);
			if (copy_file(src, dst, hex) != 0) {
				fprintf(stderr, "psea: cannot copy %s to %s: %s\n", src, dst, strerror(errno));
				files = -1;
				break;
			}
			if (strcmp(hex, expected) != 0) {
				fprintf(stderr, "psea: the document %s is damaged: its content does not match its name\n", src);
				unlink(dst);
				files = -1;
				break;
			}
			files++;
		}
		closedir(sub);
	}
	closedir(top);
	return files;
}

int cmd_copy(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		fputs("Copies every table of an SQLite database into a new PostgreSQL database (ids kept),\n"
		      "then reads both back and compares each table's row count and checksum. The target\n"
		      "must be empty or only initialised (psea init). With --data-from and --data-to, the\n"
		      "stored documents are copied too, each checked against its SHA-256 name; without\n"
		      "them, point the new servers at the same data directory.\n", stdout);
		return 0;
	}
	struct cli_opt o[] = {{"--from", NULL}, {"--to", NULL}, {"--data-from", NULL}, {"--data-to", NULL}};
	if (!cli_parse(argc, argv, o, 4, NULL, 0, NULL) || !o[0].value || !o[1].value ||
	    !o[2].value != !o[3].value) {
		fputs(usage, stderr);
		return 2;
	}
	const char *from = o[0].value, *to = o[1].value;
	const char *from_path = strncmp(from, "sqlite:", 7) == 0 ? from + 7 : from;
	if (strncmp(from, "postgres", 8) == 0 || (strncmp(to, "postgresql://", 13) != 0 && strncmp(to, "postgres://", 11) != 0)) {
		fprintf(stderr, "psea: copy goes from an SQLite database (--from sqlite:PATH) to a PostgreSQL one (--to postgresql://...)\n");
		return 2;
	}
	if (access(from_path, R_OK) != 0) {
		fprintf(stderr, "psea: cannot read %s: %s\n", from_path, strerror(errno));
		return 1;
	}
	if (sodium_init() < 0)
		return 1;
	struct store *src = cli_open_store(from, 1);
	if (!src)
		return 1;
	struct store *dst = cli_open_store(to, 1);
	if (!dst) {
		store_close(src);
		return 1;
	}
	char err[512];
	struct totals totals = {.all_verified = true};
	int rc = store_copy(src, dst, report_table, &totals, err, sizeof err);
	store_close(src);
	store_close(dst);
	if (rc != STORE_OK) {
		fprintf(stderr, "psea: %s\n", err);
		return 1;
	}
	printf("copied %d tables, %lld rows: counts and checksums match\n", totals.tables, (long long)totals.rows);
	if (o[2].value) {
		long files = copy_blobs(o[2].value, o[3].value);
		if (files < 0)
			return 1;
		printf("copied %ld documents from %s to %s, each matching its SHA-256\n", files, o[2].value, o[3].value);
	}
	return 0;
}
