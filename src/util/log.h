/* log.h: one line per event on standard error, prefixed with the UTC instant. */
#ifndef PSEA_LOG_H
#define PSEA_LOG_H
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
