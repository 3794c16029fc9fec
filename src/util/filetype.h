/* filetype.h: recognising office documents from their content. Word documents, workbooks and
 * their OpenDocument counterparts are ZIP archives; a file is one of them only when the archive's
 * central directory reads cleanly, stays within the limits below, holds the package's required
 * parts, and names the matching main part (in [Content_Types].xml, or the `mimetype` entry).
 * Anything else (random bytes, an archive of other files, an archive that would expand to
 * gigabytes) is FILETYPE_UNKNOWN. Pure: reads the file or buffer it is given, nothing else. */
#ifndef PSEA_FILETYPE_H
#define PSEA_FILETYPE_H
#include <stddef.h>
#include <stdint.h>

enum filetype {
	FILETYPE_UNKNOWN = 0,
	FILETYPE_DOCX,
	FILETYPE_XLSX,
	FILETYPE_ODT,
	FILETYPE_ODS,
};

/* A document of 20 MiB holds a few hundred parts and expands to some tens of MiB; these leave
 * room for large legitimate files and refuse archives built to exhaust whoever opens them. */
#define FILETYPE_ENTRIES_MAX 5000
#define FILETYPE_UNCOMPRESSED_MAX ((uint64_t)256 * 1024 * 1024)
/* [Content_Types].xml and mimetype are read whole; larger ones are not a real package's. */
#define FILETYPE_DESCRIPTOR_MAX (1024 * 1024)

struct filetype_limits {
	uint64_t entries_max;
	uint64_t uncompressed_max;  /* the sum of the entries' declared sizes */
};
extern const struct filetype_limits filetype_default_limits;

enum filetype filetype_recognise(const char *path);
enum filetype filetype_recognise_buffer(const void *data, size_t len);
/* The same with other limits (tests). */
enum filetype filetype_recognise_limited(const char *path, const struct filetype_limits *limits);
/* The media type of a recognised file; NULL for FILETYPE_UNKNOWN. */
const char *filetype_media_type(enum filetype t);
#endif
