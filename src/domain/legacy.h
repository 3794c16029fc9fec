/* legacy.h: UNICEF's earlier SEA risk rating, translated into the common capacity rating
 * (DOMAIN.md, "Validity and the partner's standing"). */
#ifndef PSEA_LEGACY_H
#define PSEA_LEGACY_H
#include "rating.h"

enum legacy_risk { LEGACY_RISK_NONE = 0, LEGACY_RISK_HIGH, LEGACY_RISK_MODERATE, LEGACY_RISK_LOW };

#define LEGACY_SCORE_MIN 6   /* six standards scored 1 to 3 */
#define LEGACY_SCORE_MAX 18

int legacy_risk_parse(const char *s);   /* "high"/"moderate"/"low"; -1 otherwise */
const char *legacy_risk_name(enum legacy_risk r);
/* The risk level of a numeric total: 6–8 high, 9–14 moderate, 15–18 low; NONE out of range. */
enum legacy_risk legacy_risk_from_score(int total);
/* High risk → low capacity, moderate → medium, low risk → full. */
enum capacity legacy_capacity(enum legacy_risk r);
#endif
