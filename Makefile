# PSEA Portal. `make run` and `make check` do everything on a fresh Debian 12 machine (as root).
CC = gcc
WARN = -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -Wno-missing-field-initializers
CFLAGS_COMMON = -std=gnu17 $(WARN) -D_GNU_SOURCE -I/usr/include/postgresql -MMD -MP
LIBS = -Wl,--as-needed -lmicrohttpd -ljansson -lsqlite3 -lpq -lsodium -lmagic -lxlsxwriter -lhpdf -lz -lpthread -lm

SRC = $(sort $(wildcard src/*/*.c))
MIGRATIONS = $(sort $(wildcard src/store/migrations/*.sql))
LIB_SRC = $(filter-out src/cli/%,$(SRC))
UNIT_SRC = $(sort $(wildcard tests/unit/*.c))

# Two builds: an optimised one, and one under AddressSanitizer and UndefinedBehaviorSanitizer.
REL = build/release
SAN = build/sanitize
REL_CFLAGS = $(CFLAGS_COMMON) -O2 -g
SAN_CFLAGS = $(CFLAGS_COMMON) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

PORT ?= 8080
RUN_DIR ?= var

.PHONY: all deps run check test unit api e2e pg bench clean
all: $(REL)/psea

deps:
	@scripts/deps build

$(REL)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC       $<"
	@$(CC) $(REL_CFLAGS) -c $< -o $@
$(SAN)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC asan  $<"
	@$(CC) $(SAN_CFLAGS) -c $< -o $@

build/migrations.c: $(MIGRATIONS) scripts/embed-sql
	@mkdir -p build
	scripts/embed-sql $@ $(MIGRATIONS)

build/common_passwords.c: src/domain/common-passwords.txt scripts/embed-words
	@mkdir -p build
	scripts/embed-words $@ account_common_passwords src/domain/common-passwords.txt

$(REL)/psea: $(SRC:%.c=$(REL)/%.o) $(REL)/build/migrations.o $(REL)/build/common_passwords.o
	@echo "  LD       $@"
	@$(CC) $(REL_CFLAGS) -o $@ $^ $(LIBS)
	@ln -sf release/psea build/psea
$(SAN)/psea: $(SRC:%.c=$(SAN)/%.o) $(SAN)/build/migrations.o $(SAN)/build/common_passwords.o
	@echo "  LD asan  $@"
	@$(CC) $(SAN_CFLAGS) -o $@ $^ $(LIBS)

$(REL)/unit-tests: $(UNIT_SRC:%.c=$(REL)/%.o) $(LIB_SRC:%.c=$(REL)/%.o) $(REL)/build/migrations.o $(REL)/build/common_passwords.o
	@echo "  LD       $@"
	@$(CC) $(REL_CFLAGS) -o $@ $^ $(LIBS) -lcmocka
$(SAN)/unit-tests: $(UNIT_SRC:%.c=$(SAN)/%.o) $(LIB_SRC:%.c=$(SAN)/%.o) $(SAN)/build/migrations.o $(SAN)/build/common_passwords.o
	@echo "  LD asan  $@"
	@$(CC) $(SAN_CFLAGS) -o $@ $^ $(LIBS) -lcmocka

run:
	@scripts/deps run
	@$(MAKE) --no-print-directory all
	@scripts/run-demo $(RUN_DIR) $(PORT)

# The whole suite: unit tests and the API suite on both builds, the API suite on PostgreSQL,
# and the browser tests.
check:
	@scripts/deps check
	@$(MAKE) --no-print-directory $(REL)/psea $(SAN)/psea $(REL)/unit-tests $(SAN)/unit-tests
	@scripts/test-all

unit: $(REL)/unit-tests
	$(REL)/unit-tests

bench:
	@scripts/deps bench
	@$(MAKE) --no-print-directory all
	@bench/run

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
