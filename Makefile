# liblockcheck build.  `make` builds the library and tools, `make test` runs every test
# (plain build, then the ASan+UBSan build), `make bench` measures, `make demo` shows a report.
# Sources are found by directory, so adding a file needs no edit here.

BUILD ?= build
SAN ?=
CC ?= cc

WARN := -Wall -Wextra -Werror
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O2 -fPIC -pthread -Iinclude -Iliblockcheck -I$(BUILD)/gen
ifeq ($(SAN),1)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
endif
ALL_CFLAGS = $(BASE_CFLAGS) $(WARN) $(SAN_FLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)
LIB_LDLIBS := -lunwind -lcjson -ldl -lpthread

.PHONY: all lib tools tests test test-plain test-san check unit e2e rules rules-check bench fuzz demo examples clean
all: lib tools examples

# ---- the library -------------------------------------------------------------------
# intercept/ goes only into the shared object: the static archive is for annotated code.
LIB_CORE_SRCS := $(wildcard liblockcheck/core/*.c liblockcheck/engine/*.c liblockcheck/report/*.c \
                            liblockcheck/runtime/*.c liblockcheck/contracts/*.c liblockcheck/spec/*.c)
LIB_INTERCEPT_SRCS := $(wildcard liblockcheck/intercept/*.c)
LIB_GEN_SRCS := $(BUILD)/gen/builtin_specs.c
LIB_CORE_OBJS := $(LIB_CORE_SRCS:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/builtin_specs.o
LIB_INTERCEPT_OBJS := $(LIB_INTERCEPT_SRCS:%.c=$(BUILD)/obj/%.o)
LIB_SO := $(BUILD)/lib/liblockcheck.so
LIB_A := $(BUILD)/lib/liblockcheck.a

lib: $(LIB_SO) $(LIB_A)

$(LIB_SO): $(LIB_CORE_OBJS) $(LIB_INTERCEPT_OBJS)
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,liblockcheck.so -o $@ $^ $(ALL_LDFLAGS) $(LIB_LDLIBS)

$(LIB_A): $(LIB_CORE_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

# The compiled specs are built into the library as generated C.
RULE_SPECS := $(sort $(wildcard rules/*.json))
$(BUILD)/gen/builtin_specs.c: $(RULE_SPECS) $(BUILD)/bin/lockcheck-embed
	@mkdir -p $(@D)
	$(BUILD)/bin/lockcheck-embed $(RULE_SPECS) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/builtin_specs.o: $(BUILD)/gen/builtin_specs.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# ---- tools ---------------------------------------------------------------------------
RULES_SRCS := $(wildcard tools/rules/*.c)
RULES_LIB_OBJS := $(filter-out $(BUILD)/obj/tools/rules/main.o,$(RULES_SRCS:%.c=$(BUILD)/obj/%.o))
CLI_SRCS := $(wildcard tools/lockcheck/*.c)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)

tools: $(BUILD)/bin/lockcheck $(BUILD)/bin/lockcheck-rules

$(BUILD)/bin/lockcheck-rules: $(RULES_SRCS:%.c=$(BUILD)/obj/%.o)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) -lcjson -lm

$(BUILD)/bin/lockcheck: $(CLI_OBJS) | $(LIB_SO)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) -lcjson

$(BUILD)/bin/lockcheck-embed: $(BUILD)/obj/tools/embed/embed.o
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(ALL_LDFLAGS)

# ---- examples ------------------------------------------------------------------------
EXAMPLE_SRCS := $(wildcard examples/*.c)
EXAMPLE_BINS := $(EXAMPLE_SRCS:examples/%.c=$(BUILD)/examples/%)
MEMFS_SRCS := $(wildcard examples/memfs/*.c)
examples: $(EXAMPLE_BINS) $(if $(MEMFS_SRCS),$(BUILD)/examples/memfs)

$(BUILD)/examples/%: examples/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) -lpthread

# The demo filesystem links nothing of ours: it finds the library when preloaded or linked.
$(BUILD)/examples/memfs: $(MEMFS_SRCS:%.c=$(BUILD)/obj/%.o)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) -lpthread -ldl

# ---- tests ---------------------------------------------------------------------------
# tests/unit/AREA/*.c -> one Criterion binary per area, linked with the static library and
# the rules compiler's objects.  tests/e2e/progs/*.c are plain programs run under LD_PRELOAD
# by the Criterion tests in tests/e2e/*.c.
UNIT_AREAS := $(notdir $(patsubst %/,%,$(sort $(dir $(wildcard tests/unit/*/*.c)))))
UNIT_BINS := $(UNIT_AREAS:%=$(BUILD)/tests/unit-%)
E2E_TEST_SRCS := $(wildcard tests/e2e/*.c)
E2E_PROG_SRCS := $(wildcard tests/e2e/progs/*.c)
E2E_PROGS := $(E2E_PROG_SRCS:tests/e2e/progs/%.c=$(BUILD)/tests/progs/%)
E2E_BIN := $(if $(E2E_TEST_SRCS),$(BUILD)/tests/e2e)
# tests/common/*.c: helpers linked into every test binary.
TEST_COMMON_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/common/*.c))

# Objects of pattern-built binaries are kept, not deleted as intermediates.
.SECONDARY:
.SECONDEXPANSION:
$(BUILD)/tests/unit-%: $$(addsuffix .o,$$(basename $$(addprefix $(BUILD)/obj/,$$(wildcard tests/unit/$$*/*.c)))) $(TEST_COMMON_OBJS) $(LIB_A) $(RULES_LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $(filter %.o,$^) $(LIB_A) $(ALL_LDFLAGS) -lcriterion $(LIB_LDLIBS) -lm

$(BUILD)/tests/progs/%: tests/e2e/progs/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) -lpthread -ldl

$(BUILD)/tests/e2e: $(E2E_TEST_SRCS:%.c=$(BUILD)/obj/%.o) $(TEST_COMMON_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) -lcriterion -lcjson

tests: lib tools examples $(UNIT_BINS) $(E2E_PROGS) $(E2E_BIN)

# Runs every test binary of $(BUILD) and prints one total line.
check: tests
	BUILD=$(BUILD) SAN=$(SAN) sh tests/run-all.sh $(UNIT_BINS) $(E2E_BIN)

test-plain:
	$(MAKE) check
test-san:
	$(MAKE) BUILD=build/san SAN=1 check
test: test-plain test-san

# ---- rules ---------------------------------------------------------------------------
LOCKING_DOCS ?= ../shared/locking
rules: $(BUILD)/bin/lockcheck-rules
	LOCKING_DOCS=$(LOCKING_DOCS) sh tools/rules/make-rules.sh $(BUILD)/bin/lockcheck-rules rules

# ---- bench, fuzz, demo ---------------------------------------------------------------
bench: lib
	$(MAKE) -C . $(BUILD)/bench/bench_locks
	sh bench/run.sh $(BUILD)
$(BUILD)/bench/%: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(WARN) -O2 -o $@ $< -lpthread

FUZZ_SECONDS ?= 60
fuzz:
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

demo: all
	sh examples/demo.sh $(BUILD)

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
