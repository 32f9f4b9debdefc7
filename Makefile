# SPDX-License-Identifier: MIT
# tether: one non-recursive Makefile. Objects go to build/, nothing is written elsewhere
# but by `make install`.
#
# lib/ is built twice: with musl for the static tether-init (and the static test helpers,
# which must run inside minimal root filesystems), with the system compiler for tether.

.DELETE_ON_ERROR:
.SUFFIXES:
.SECONDARY:

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec/tether
MANDIR     ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR    ?=

CC         ?= cc
MUSL_CC    ?= musl-gcc
CFLAGS     ?= -O2 -g
INIT_CFLAGS ?= -Os
LDFLAGS    ?=
WERROR     ?= 1
# A release tarball (make dist) carries its VERSION file; a clone asks git (tags vX.Y.Z).
VERSION    ?= $(shell cat VERSION 2>/dev/null || { v=$$(git describe --tags --match 'v[0-9]*' \
	--always --dirty 2>/dev/null) && echo "$$v" | sed 's/^v//'; } || echo unknown)
CLANG_FORMAT ?= clang-format-14

B := build

# Mandatory flags: `make CFLAGS=...` changes optimisation, never these.
WARN := -Wall -Wextra -Wvla -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter
ifeq ($(WERROR),1)
WARN += -Werror
endif
BASE := -std=gnu11 -D_GNU_SOURCE -DTETHER_VERSION='"$(VERSION)"' -DTETHER_LIBEXECDIR='"$(LIBEXECDIR)"' -Ilib $(WARN) \
	-ffunction-sections -fdata-sections -MMD -MP
HARDEN := -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
SECTIONS := -Wl,--gc-sections

# Host side (glibc + libcap), static-pie by default: no dynamic loader at every start and
# about 40% less resident memory per monitor. Users and groups are read from the files
# (supervisor/prepare/passwd.c), never through NSS, so nothing needs glibc's loader.
# STATIC=0 links dynamically (the ASan build does).
STATIC ?= 1
HOST_CFLAGS := $(BASE) $(HARDEN) $(CFLAGS)
ifeq ($(STATIC),1)
HOST_LDFLAGS := -static-pie -Wl,-z,relro,-z,now $(SECTIONS) $(LDFLAGS)
else
HOST_LDFLAGS := -pie -Wl,-z,relro,-z,now $(SECTIONS) $(LDFLAGS)
endif
# Static musl side: size first. No unwind tables, no stack protector canary calls;
# -z noseparate-code packs code and read-only data into one page run (saves ~7 KiB of padding).
MUSL_CFLAGS := $(BASE) $(INIT_CFLAGS) -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-stack-protector -fno-pie -fomit-frame-pointer
MUSL_LDFLAGS := -static -no-pie -s $(SECTIONS) -Wl,--build-id=none -Wl,-z,norelro -Wl,-z,noseparate-code \
	-Wl,--hash-style=gnu

LIB_SRC  := $(sort $(wildcard lib/*.c))
INIT_SRC := $(sort $(wildcard init/*.c))
# The launcher's folders are its phases: cli (parse), prepare (the parent's I/O), child
# (between clone and exec: no heap, no stdio; tools/check-child-symbols), run (the
# monitor, its control socket and kept output), registry (the state directory); the shared
# config headers on top.
SUP_DIRS := supervisor supervisor/cli supervisor/prepare supervisor/child supervisor/run \
	supervisor/registry
SUP_SRC  := $(sort $(wildcard $(addsuffix /*.c,$(SUP_DIRS))))
SUP_INC  := $(addprefix -I,$(SUP_DIRS))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
HELPER_SRC := $(sort $(wildcard tests/helpers/*.c))
BENCH_SRC := $(sort $(wildcard tests/bench/*.c))

LIB_MUSL_OBJ := $(LIB_SRC:%.c=$(B)/musl/%.o)
LIB_HOST_OBJ := $(LIB_SRC:%.c=$(B)/host/%.o)
INIT_OBJ := $(INIT_SRC:%.c=$(B)/musl/%.o)
SUP_OBJ  := $(SUP_SRC:%.c=$(B)/host/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/unit/%)
HELPER_BIN := $(HELPER_SRC:tests/helpers/%.c=$(B)/tests/helpers/%)
BENCH_BIN := $(BENCH_SRC:tests/bench/%.c=$(B)/bench/bin/%) $(B)/bench/bin/floor-glibc \
	$(B)/bench/bin/hold-glibc $(B)/bench/bin/empty-glibc

PROGRAMS := $(B)/tether-init
ifneq ($(SUP_SRC),)
PROGRAMS += $(B)/tether
endif

MAN := $(B)/man/tether.1 $(B)/man/tether-init.8

all: $(PROGRAMS) $(MAN)
	@for p in $(PROGRAMS); do printf '%-20s %7d bytes\n' "$$p" "$$(stat -c %s "$$p")"; done

$(B)/man/%: doc/%.scd
	@mkdir -p $(@D)
	scdoc <$< >$@

version:
	@echo $(VERSION)

$(B)/musl/%.o: %.c
	@mkdir -p $(@D)
	$(MUSL_CC) $(MUSL_CFLAGS) -c -o $@ $<

$(B)/host/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(SUP_INC) -c -o $@ $<

$(B)/tether-init: $(INIT_OBJ) $(LIB_MUSL_OBJ)
	$(MUSL_CC) $(MUSL_CFLAGS) $(MUSL_LDFLAGS) -o $@ $^

$(B)/tether: $(SUP_OBJ) $(LIB_HOST_OBJ)
	$(CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) -o $@ $^ -lcap -lseccomp

# Unit tests link the host build of lib/.
$(B)/tests/unit/%: tests/unit/%.c $(LIB_HOST_OBJ) tests/unit/check.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Itests/unit $(HOST_LDFLAGS) -o $@ $< $(LIB_HOST_OBJ)

# The launcher's unit tests (tests/unit/supervisor) link its objects but main.
SUP_UNIT_SRC := $(sort $(wildcard tests/unit/supervisor/test_*.c))
UNIT_BIN += $(SUP_UNIT_SRC:tests/unit/supervisor/%.c=$(B)/tests/unit/%)

$(B)/host/libtether.a: $(filter-out $(B)/host/supervisor/cli/main.o,$(SUP_OBJ))
	rm -f $@
	ar rcs $@ $^

$(B)/tests/unit/%: tests/unit/supervisor/%.c $(B)/host/libtether.a $(LIB_HOST_OBJ) tests/unit/check.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Itests/unit $(SUP_INC) $(HOST_LDFLAGS) -o $@ $< \
		-Wl,--whole-archive $(B)/host/libtether.a -Wl,--no-whole-archive \
		$(LIB_HOST_OBJ) -lcap -lseccomp

# Test helpers and bench programs are static musl binaries: they run inside minimal roots.
$(B)/tests/helpers/%: tests/helpers/%.c $(LIB_MUSL_OBJ)
	@mkdir -p $(@D)
	$(MUSL_CC) $(MUSL_CFLAGS) $(MUSL_LDFLAGS) -o $@ $< $(LIB_MUSL_OBJ)

$(B)/bench/bin/%: tests/bench/%.c $(LIB_MUSL_OBJ)
	@mkdir -p $(@D)
	$(MUSL_CC) $(MUSL_CFLAGS) $(MUSL_LDFLAGS) -o $@ $< $(LIB_MUSL_OBJ)

# The floor again, built and linked as tether is: what glibc's start-up alone costs.
$(B)/bench/bin/floor-glibc: tests/bench/floor.c $(LIB_HOST_OBJ)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) -o $@ $< $(LIB_HOST_OBJ)

# The waiting payload built and linked as tether is: the memory floor of a glibc launcher.
$(B)/bench/bin/hold-glibc: tests/bench/hold.c $(LIB_HOST_OBJ)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) -o $@ $< $(LIB_HOST_OBJ)

# The empty program built and linked as tether is: the start of a glibc program.
$(B)/bench/bin/empty-glibc: tests/bench/empty.c $(LIB_HOST_OBJ)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) -o $@ $< $(LIB_HOST_OBJ)

check-build: all $(UNIT_BIN) $(HELPER_BIN) cross-ready

# libFuzzer targets (tests/fuzz): every parser, with ASan and UBSan, built with clang.
# `make fuzz` runs each for FUZZ_SECONDS (or FUZZ_RUNS executions); the suite, for 2 s each.
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?= -1
FUZZ_CFLAGS  := $(BASE) -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/bin/%)
FUZZ_OBJ := $(patsubst %.c,$(B)/fuzz/obj/%.o,$(LIB_SRC) $(filter-out supervisor/cli/main.c,$(SUP_SRC)))
HAVE_FUZZ_CC := $(shell command -v $(FUZZ_CC) 2>/dev/null)

$(B)/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(SUP_INC) -fsanitize=fuzzer-no-link -c -o $@ $<

$(B)/fuzz/libtether.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/fuzz/bin/fuzz_init_opts: $(B)/fuzz/obj/init/options.o

$(B)/fuzz/bin/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(B)/fuzz/libtether.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(SUP_INC) -Iinit -o $@ $< \
		$(filter %.o,$^) $(B)/fuzz/libtether.a -lcap -lseccomp

fuzz-build: $(FUZZ_BIN)

fuzz: $(FUZZ_BIN)
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) B=$(B) tests/fuzz/run

ifneq ($(HAVE_FUZZ_CC),)
check-build: $(FUZZ_BIN)
endif

test: check-build
	tests/run

# Debian's kernel under qemu (tests/vm/): cgroup limits, a second kernel for the run suites.
test-vm: check-build
	tests/vm/run

unit: $(UNIT_BIN)
	tests/run --unit-only

bench: all $(HELPER_BIN) $(BENCH_BIN)
	tests/bench/run

# ASan + UBSan build of tether, used by the suite through TETHER_BIN.
asan:
	$(MAKE) B=$(B)/asan STATIC=0 CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer' \
		LDFLAGS='-fsanitize=address,undefined' $(B)/asan/tether $(B)/asan/tether-init
	$(MAKE) check-build
	TETHER_BIN=$(B)/asan/tether tests/run

SHELL_SCRIPTS = $(shell git ls-files '*.sh' '.ci/*' 'tools/*' 'tests/run' 'tests/bench/run' 'tests/vm/boot' 'tests/vm/kernel' 'tests/vm/run' 'docker/*.sh' 2>/dev/null)
BATS_FILES = $(shell git ls-files 'tests/*.bats' 'tests/*.bash' 'completion/*.bash' 2>/dev/null)
C_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)

# The child folder's objects: no allocator, no stdio, nothing from the other folders.
SUP_CHILD_OBJ := $(filter $(B)/host/supervisor/child/%,$(SUP_OBJ))

lint: $(SUP_OBJ)
	tools/check-child-symbols $(SUP_CHILD_OBJ) -- $(filter-out $(SUP_CHILD_OBJ),$(SUP_OBJ))
	tools/check-folder-deps supervisor
	tools/check-sizes 80 500 $(filter supervisor/% lib/% init/%,$(C_FILES))
	shellcheck $(SHELL_SCRIPTS)
	shellcheck -s bash $(BATS_FILES)
	@if command -v $(CLANG_FORMAT) >/dev/null; then \
		$(CLANG_FORMAT) --dry-run --Werror $(C_FILES); \
	else echo "lint: $(CLANG_FORMAT) not installed, format check skipped"; fi

INSTALLED := $(BINDIR)/tether $(BINDIR)/tether-init $(LIBEXECDIR)/tether-init \
	$(MANDIR)/man1/tether.1 $(MANDIR)/man8/tether-init.8 $(BASHCOMPDIR)/tether \
	$(BASHCOMPDIR)/tether-init

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(BASHCOMPDIR)
	install -m 0755 $(B)/tether $(DESTDIR)$(BINDIR)/tether
	install -m 0755 $(B)/tether-init $(DESTDIR)$(BINDIR)/tether-init
	ln -sf $(BINDIR)/tether-init $(DESTDIR)$(LIBEXECDIR)/tether-init
	install -m 0644 $(B)/man/tether.1 $(DESTDIR)$(MANDIR)/man1/tether.1
	install -m 0644 $(B)/man/tether-init.8 $(DESTDIR)$(MANDIR)/man8/tether-init.8
	install -m 0644 completion/tether.bash $(DESTDIR)$(BASHCOMPDIR)/tether
	install -m 0644 completion/tether.bash $(DESTDIR)$(BASHCOMPDIR)/tether-init

# Removes what install put there, and LIBEXECDIR (ours). Under a DESTDIR, the directories
# it leaves empty go too, up to DESTDIR; never a system directory without one.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null
	@if [ -n "$(DESTDIR)" ]; then \
		for d in $(dir $(INSTALLED)); do \
			d=$(DESTDIR)$${d%/}; \
			while [ "$$d" != "$(DESTDIR)" ] && [ "$$d" != "$(DESTDIR:%/=%)" ]; do \
				[ ! -d "$$d" ] || rmdir "$$d" 2>/dev/null || break; d=$${d%/*}; \
			done; \
		done; \
	fi

# A release tarball: the committed tree and a VERSION file (no git needed to build it).
dist:
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "dist: needs a git clone" >&2; exit 1; }
	rm -rf $(B)/dist
	mkdir -p $(B)/dist/tether-$(VERSION)
	git archive --format=tar --prefix=tether-$(VERSION)/ -o $(B)/dist/tether-$(VERSION).tar HEAD
	echo $(VERSION) >$(B)/dist/tether-$(VERSION)/VERSION
	tar -C $(B)/dist --owner=0 --group=0 -rf $(B)/dist/tether-$(VERSION).tar tether-$(VERSION)/VERSION
	gzip -9nf $(B)/dist/tether-$(VERSION).tar
	@echo $(B)/dist/tether-$(VERSION).tar.gz

# Static tether-init for other architectures, with Debian's cross compilers and each
# architecture's musl-dev (tools/deps cross). riscv64 has no musl-dev in Debian 12: trixie's
# is fetched and unpacked into a cache by tools/musl-riscv64, which prints its specs file.
CROSS_ARCHES ?= amd64 arm64 armhf ppc64el s390x riscv64
CROSS_GNU_amd64 := x86_64-linux-gnu
CROSS_MUSL_amd64 := x86_64-linux-musl
CROSS_GNU_arm64 := aarch64-linux-gnu
CROSS_MUSL_arm64 := aarch64-linux-musl
CROSS_GNU_armhf := arm-linux-gnueabihf
CROSS_MUSL_armhf := arm-linux-musleabihf
CROSS_GNU_ppc64el := powerpc64le-linux-gnu
CROSS_MUSL_ppc64el := powerpc64le-linux-musl
CROSS_GNU_s390x := s390x-linux-gnu
CROSS_MUSL_s390x := s390x-linux-musl
CROSS_GNU_riscv64 := riscv64-linux-gnu
CROSS_MUSL_riscv64 := riscv64-linux-musl
cross_specs = /usr/lib/$(CROSS_MUSL_$(1))/musl-gcc.specs
# Shell text for the recipe, unless musl-dev:riscv64 is installed (Debian 13): the fetch runs
# only when riscv64's tether-init is (re)built.
cross_specs_riscv64 = $(if $(wildcard $(call cross_specs,riscv64)),,$$(tools/musl-riscv64))
# Those whose compiler and musl are installed: what check-build builds for the qemu tests.
CROSS_READY = $(foreach a,$(CROSS_ARCHES),$(if $(and \
	$(shell command -v $(CROSS_GNU_$(a))-gcc),$(wildcard $(call cross_specs,$(a)))),$(a)))

$(B)/cross/%/tether-init: $(INIT_SRC) $(LIB_SRC) $(wildcard init/*.h lib/*.h)
	specs="$(or $(cross_specs_$*),$(call cross_specs,$*))" && \
	$(MAKE) --no-print-directory B=$(B)/cross/$* MUSL_CC="$(CROSS_GNU_$*)-gcc -specs $$specs" $@

cross: $(CROSS_ARCHES:%=$(B)/cross/%/tether-init)
	@for a in $(CROSS_ARCHES); do f=$(B)/cross/$$a/tether-init; \
		printf '%-8s %7d bytes  %s\n' $$a "$$(stat -c %s $$f)" \
			"$$(file -b $$f | cut -d, -f1-2)"; \
		file -b $$f | grep -q 'statically linked' || { echo "$$f: not static" >&2; exit 1; }; \
	done

# riscv64 with a fetched musl joins when the fetch works; when it cannot (77: offline) its
# qemu test skips with the reason printed here.
CROSS_FETCH = $(if $(and $(filter riscv64,$(CROSS_ARCHES)),$(cross_specs_riscv64), \
	$(shell command -v $(CROSS_GNU_riscv64)-gcc)),riscv64)

cross-ready: $(foreach a,$(CROSS_READY),$(B)/cross/$(a)/tether-init)
	@for a in $(CROSS_FETCH); do rc=0; tools/musl-$$a >/dev/null || rc=$$?; \
		if [ $$rc -eq 0 ]; then $(MAKE) --no-print-directory $(B)/cross/$$a/tether-init; \
		elif [ $$rc -ne 77 ]; then exit $$rc; fi; done

clean:
	rm -rf $(B)

.PHONY: all test test-vm unit bench asan lint install uninstall dist cross cross-ready version \
	clean check-build fuzz fuzz-build

-include $(shell find $(B) -name '*.d' 2>/dev/null)
