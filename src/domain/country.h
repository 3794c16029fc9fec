/* country.h: countries as ISO 3166-1 alpha-2 codes (DOMAIN.md, "Organisations and people": a
 * partner's country). Names are the interface's business, in the reader's language. */
#ifndef PSEA_COUNTRY_H
#define PSEA_COUNTRY_H
#include <stdbool.h>
#include <stddef.h>

/* An officially assigned ISO 3166-1 alpha-2 code, in capitals ("KE"); "ke", "Kenya", "XK" are not. */
bool country_code_known(const char *code);
/* How many codes the list holds (249). */
size_t country_code_count(void);
#endif
