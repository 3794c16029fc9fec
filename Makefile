# PSEA Portal. `make run` and `make check` do everything on a fresh Debian 12 machine (as root).
CC = gcc
WARN = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes -Wvla -Wconversion -Wsign-conversion \
	-Wnull-dereference -Wno-unused-parameter -Wno-missing-field-initializers
# Compiler and linker flags of the libraries come from their pkg-config files; libharu (PDF)
# ships none, so it is named directly.
PKGS = libmicrohttpd jansson sqlite3 libpq libsodium libmagic xlsxwriter libzip expat zlib libcurl libjwt libcrypto liboath
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_COMMON = -std=gnu17 $(WARN) -D_GNU_SOURCE $(PKG_CFLAGS) -MMD -MP
LIBS = -Wl,--as-needed $(PKG_LIBS) -lhpdf -lpthread -lm

SRC = $(sort $(wildcard src/*/*.c))
MIGRATIONS = $(sort $(wildcard src/store/migrations/*.sql))
LIB_SRC = $(filter-out src/cli/%,$(SRC))
UNIT_SRC = $(sort $(wildcard tests/unit/*.c))

# Two builds: an optimised one, and one under AddressSanitizer and UndefinedBehaviorSanitizer.
REL = build/release
SAN = build/sanitize
REL_CFLAGS = $(CFLAGS_COMMON) -O2 -g
SAN_CFLAGS = $(CFLAGS_COMMON) -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# Fuzz targets (libFuzzer, see tests/fuzz/README.md): every tests/fuzz/fuzz_NAME.c becomes
# build/fuzz/fuzz_NAME, its seed corpus in tests/fuzz/corpus/NAME/. The other .c files there are
# helpers linked into each target, with every object of the program but main.c, built with clang.
FUZZ = build/fuzz
FUZZ_CC = clang
FUZZ_CFLAGS = $(CFLAGS_COMMON) -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_HELPERS = $(filter-out $(FUZZ_SRC),$(sort $(wildcard tests/fuzz/*.c)))
FUZZ_LIB_OBJ = $(patsubst %.c,$(FUZZ)/%.o,$(filter-out src/cli/main.c,$(SRC))) $(FUZZ)/build/migrations.o $(FUZZ)/build/common_passwords.o
FUZZ_TARGETS = $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ)/%)
FUZZ_SECONDS ?= 60

PORT ?= 8080
RUN_DIR ?= var

.PHONY: all deps run check unit api e2e pg bench clean fuzz
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

$(FUZZ)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC fuzz  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

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

.PRECIOUS: $(FUZZ)/%.o  # kept although only a pattern rule names them
$(FUZZ)/fuzz_%: $(FUZZ)/tests/fuzz/fuzz_%.o $(FUZZ_HELPERS:%.c=$(FUZZ)/%.o) $(FUZZ_LIB_OBJ)
	@echo "  LD fuzz  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

run:
	@scripts/deps run
	@$(MAKE) --no-print-directory all
	@scripts/run-demo $(RUN_DIR) $(PORT)

# The whole suite, its stages side by side (scripts/test-all): the source tree's shape
# (scripts/check-shape), the unit tests on both builds, the fuzz targets over their corpus, the API
# suite under the sanitizers on SQLite and optimised on PostgreSQL, the browser tests.
check:
	@scripts/deps check
	@$(MAKE) --no-print-directory $(REL)/psea $(SAN)/psea $(REL)/unit-tests $(SAN)/unit-tests $(FUZZ_TARGETS)
	@scripts/test-all

# One part of the suite each: the source tree's shape and the unit tests (both builds), the API
# suite on SQLite (both builds), the API suite on PostgreSQL, the browser tests.
unit:
	@scripts/deps check
	@$(MAKE) --no-print-directory $(REL)/unit-tests $(SAN)/unit-tests
	@scripts/test-all shape unit unit-sanitize

api:
	@scripts/deps check
	@$(MAKE) --no-print-directory $(REL)/psea $(SAN)/psea
	@scripts/test-all api api-sanitize

pg:
	@scripts/deps check
	@$(MAKE) --no-print-directory $(REL)/psea
	@scripts/test-all pg

e2e:
	@scripts/deps check
	@$(MAKE) --no-print-directory $(REL)/psea
	@scripts/test-all e2e

# Each fuzz target for FUZZ_SECONDS (make fuzz FUZZ_SECONDS=600); what it finds lands in build/fuzz/.
fuzz:
	@scripts/deps check
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS)
	@scripts/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

bench:
	@scripts/deps bench
	@$(MAKE) --no-print-directory all
	@bench/run

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
