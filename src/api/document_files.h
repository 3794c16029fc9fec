/* document_files.h: what every stored document goes through, whatever brought it (an upload on
 * the screens, an offline form and its evidence, the command line): the allowed types recognised
 * from the content, the size limit, and the content-addressed store <data>/blobs/ab/cdef... */
#ifndef PSEA_API_DOCUMENT_FILES_H
#define PSEA_API_DOCUMENT_FILES_H
#include <stdbool.h>
#include <stdint.h>
#include "../store/store.h"
#include "../util/arena.h"

/* The accepted types, as people read them in an error. */
#define DOCUMENT_TYPES_TEXT "PDF, DOCX, XLSX, ODT, ODS, PNG or JPEG"

/* The content type recognised from the file's content when it is on the allow-list; NULL
 * otherwise. Safe from any thread. */
const char *document_type_recognise(const char *path);
/* The size limit of one document in force (the setting upload.max_bytes). */
int document_size_limit(struct db *db, int64_t *bytes);
/* Keeps the file as <data>/blobs/ab/cdef... (sha256: its hash in hex): moved when move is set
 * (an upload's temporary file), else copied; a file of the same content is kept once. 0 ok. */
int document_blob_keep(struct arena *a, const char *data_dir, const char *path, const char *sha256, bool move);
#endif
