# evpnd build. Plain make: `make`, `make check`, `make demo`, `make install`,
# `make clean`. Objects go to build/ (or $(B) for the sanitizer build).

PREFIX  ?= /usr/local
DESTDIR ?=
B       ?= build
SAN     ?=

CC      ?= cc
PKGS    := libyang libprotobuf-c openssl libmnl libedit
# Asked of pkg-config the first time a rule uses them, not when make reads
# this file: `make demo` on a fresh machine installs the packages before
# anything needs them, so its first screen has no pkg-config errors.
# libev ships no pkg-config file on Debian; it is plain -lev.
PKG_CFLAGS = $(eval PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS)))$(PKG_CFLAGS)
PKG_LIBS = $(eval PKG_LIBS := $(shell pkg-config --libs $(PKGS)) -lev)$(PKG_LIBS)
CMOCKA_LIBS = $(eval CMOCKA_LIBS := $(shell pkg-config --libs cmocka))$(CMOCKA_LIBS)

CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS += -D_GNU_SOURCE -I. -I$(B)/gen $(PKG_CFLAGS)
# override: the sanitizer build is invoked with CFLAGS on the command line.
ifneq ($(SAN),)
override CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
override LDFLAGS += -fsanitize=address,undefined
endif
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo 0.1)

# Everything but the two programs' main files goes into one static library,
# which the programs and the unit tests link.
LIBDIRS := lib wire yang mgmt cli bgpd evpn rib fib daemon
MAINS   := daemon/main.c cli/evpnsh.c
LIB_SRCS := $(filter-out $(MAINS),$(wildcard $(addsuffix /*.c,$(LIBDIRS))))
YANG_MODULES := $(wildcard yang/*.yang)
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/%.o) $(B)/gen/evpnd.pb-c.o $(B)/gen/yang_modules.o
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TESTS    := $(TEST_SRCS:tests/unit/%.c=$(B)/tests/%)

.PHONY: all check check-vm unit unit-asan yanglint includes integration integration-asan demo install clean fuzz bench \
	bench-tools FORCE
all: $(B)/evpnd $(B)/evpnsh

# One run makes both files (a grouped target: -j2 would run it once each).
$(B)/gen/evpnd.pb-c.c $(B)/gen/evpnd.pb-c.h &: mgmt/evpnd.proto
	@mkdir -p $(B)/gen
	protoc-c --proto_path=mgmt --c_out=$(B)/gen mgmt/evpnd.proto

# The version as git describes it, asked on every run; the file is written
# (and what includes it rebuilt) only when the version changed, so a commit
# never leaves a stale version in a binary.
$(B)/gen/version.h: FORCE
	@mkdir -p $(B)/gen
	@v='#define EVPND_VERSION "$(VERSION)"'; \
	[ "$$(cat $@ 2>/dev/null)" = "$$v" ] || echo "$$v" > $@
FORCE:

$(B)/gen/yang_modules.c: $(YANG_MODULES) tools/embed-yang
	@mkdir -p $(B)/gen
	tools/embed-yang $@ $(YANG_MODULES)

# Generated code is not ours to warn about.
$(B)/gen/%.o: $(B)/gen/%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Generated headers must exist before the first compile; after that each
# object's .d file says which it really includes (12 of them include the
# protobuf header, not all).
GEN_HDRS := $(B)/gen/evpnd.pb-c.h $(B)/gen/version.h
$(B)/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libevpnd.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

$(B)/evpnd: $(B)/daemon/main.o $(B)/libevpnd.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/evpnsh: $(B)/cli/evpnsh.o $(B)/libevpnd.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libevpnd.a | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(LDFLAGS) -MMD -MP -MF $@.d -o $@ $< $(B)/libevpnd.a \
		$(PKG_LIBS) $(CMOCKA_LIBS)

unit: all $(TESTS)
	@tests/run-unit $(B)

unit-asan:
	$(MAKE) B=build-asan SAN=1 CFLAGS="-O1 -g" unit

yanglint:
	@tests/yanglint-check

# The module boundaries (doc/design.md) on what the compiler read: every
# object's .d file. The selftest first shows a planted violation is caught.
includes: all
	@mkdir -p build; if tests/check-includes --selftest && tests/check-includes $(B); then \
		echo "1 0" >> build/check-results; else echo "0 1" >> build/check-results; exit 1; fi

integration: all bench-tools
	@tests/run-integration

# The daemon-level tests again with the sanitizer build: a memory error
# aborts evpnd and fails the test. The session tests that exercise the most
# FSM paths (collisions, resets, malformed input) run here too.
ASAN_TESTS := 10-config 20-tls 40-shell 10-frr-sessions 30-evpnd-pair 60-malformed \
	40-evpn-frr-leaf 41-evpnd-route-reflector 42-gobgp-evpn-import 43-mac-mobility 44-ebgp-fabric \
	45-ebgp-auto-rt 50-dataplane-fabric 51-dataplane-move-restart 53-dataplane-scale \
	54-hitless-restart 55-dataplane-overrun
integration-asan:
	@$(MAKE) --no-print-directory B=build-asan SAN=1 CFLAGS="-O1 -g" all
	@LOGTAG=-asan EVPND=$(abspath build-asan/evpnd) EVPNSH=$(abspath build-asan/evpnsh) \
		TESTS="$(ASAN_TESTS)" \
		tests/run-integration

# The VM suite (tests/vm/README.md): tests that need a real Debian kernel
# (6.1 for the data plane and the VLAN layouts, 7.x for TCP-AO) in qemu.
check-vm: all
	@tests/vm/suite

check:
	@rm -f build/check-results
	@$(MAKE) -k --no-print-directory unit unit-asan yanglint includes integration integration-asan \
		fuzz-check check-vm; rc=$$?; \
	awk '{p += $$1; f += $$2} END {printf "check: %d passed, %d failed\n", p, f}' build/check-results; \
	exit $$rc

# libFuzzer targets (clang; Debian's clang-14 ships the runtime). Built from
# the sources they need only, so an unrelated broken file cannot stop them.
# New inputs go to $(B)/fuzz/corpus-*, seeds stay in fuzz/corpus/*.
FUZZ_CC    ?= clang
FUZZ_TIME  ?= 600
FUZZ_FLAGS := $(WARN) -g -O1 -D_GNU_SOURCE -I. -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_UPDATE_SRCS := fuzz/fuzz_update.c lib/rbuf.c lib/wbuf.c wire/af.c wire/attr.c wire/aspath.c \
	wire/update.c wire/nlri.c wire/msg.c
FUZZ_RUN = @mkdir -p $(B)/fuzz/corpus-update && \
	$(B)/fuzz/fuzz_update -max_len=4096 -timeout=10 -artifact_prefix=$(B)/fuzz/ \
	-print_final_stats=1 $(B)/fuzz/corpus-update fuzz/corpus/update

FUZZ_MSG_SRCS := fuzz/fuzz_msg.c lib/rbuf.c lib/wbuf.c wire/af.c wire/msg.c wire/open.c \
	wire/caps.c
FUZZ_RUN_MSG = @mkdir -p $(B)/fuzz/corpus-msg && \
	$(B)/fuzz/fuzz_msg -max_len=8192 -timeout=10 -artifact_prefix=$(B)/fuzz/msg- \
	-print_final_stats=1 $(B)/fuzz/corpus-msg fuzz/corpus/msg

FUZZ_EVPN_SRCS := fuzz/fuzz_evpn.c lib/rbuf.c lib/wbuf.c wire/af.c wire/nlri.c evpn/nlri.c \
	evpn/ecomm.c evpn/rd.c
FUZZ_RUN_EVPN = @mkdir -p $(B)/fuzz/corpus-evpn && \
	$(B)/fuzz/fuzz_evpn -max_len=4096 -timeout=10 -artifact_prefix=$(B)/fuzz/evpn- \
	-print_final_stats=1 $(B)/fuzz/corpus-evpn fuzz/corpus/evpn

# Every header a fuzz target could include, fuzz/fuzz.h among them.
FUZZ_HDRS := $(wildcard fuzz/*.h lib/*.h wire/*.h evpn/*.h)
$(B)/fuzz/fuzz_evpn: $(FUZZ_EVPN_SRCS) $(FUZZ_HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $(FUZZ_EVPN_SRCS)

$(B)/fuzz/fuzz_update: $(FUZZ_UPDATE_SRCS) $(FUZZ_HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $(FUZZ_UPDATE_SRCS)

$(B)/fuzz/fuzz_msg: $(FUZZ_MSG_SRCS) $(FUZZ_HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $(FUZZ_MSG_SRCS)

# FUZZ_TIME for the UPDATE decoder, the issue's target; a sixth of it each
# for the smaller OPEN/NOTIFICATION/ROUTE-REFRESH parsers and the EVPN NLRI.
fuzz: $(B)/fuzz/fuzz_update $(B)/fuzz/fuzz_msg $(B)/fuzz/fuzz_evpn
	$(FUZZ_RUN) -max_total_time=$(FUZZ_TIME)
	$(FUZZ_RUN_MSG) -max_total_time=$$(( $(FUZZ_TIME) / 6 ))
	$(FUZZ_RUN_EVPN) -max_total_time=$$(( $(FUZZ_TIME) / 6 ))

.PHONY: fuzz-smoke fuzz-check
fuzz-smoke: $(B)/fuzz/fuzz_update $(B)/fuzz/fuzz_msg $(B)/fuzz/fuzz_evpn
	$(FUZZ_RUN) -max_total_time=30
	$(FUZZ_RUN_MSG) -max_total_time=15
	$(FUZZ_RUN_EVPN) -max_total_time=15

# make check's share: 60 s of fuzzing, counted as one test.
fuzz-check:
	@if $(MAKE) --no-print-directory fuzz-smoke > build/fuzz-smoke.log 2>&1; then \
		echo "PASS fuzz-smoke (UPDATE decoder 30 s, OPEN/NOTIFICATION/ROUTE-REFRESH 15 s, EVPN NLRI 15 s)"; \
		echo "1 0" >> build/check-results; \
	else tail -30 build/fuzz-smoke.log; echo "FAIL fuzz-smoke"; echo "0 1" >> build/check-results; exit 1; fi

demo:
	@tools/install-deps
	@$(MAKE) --no-print-directory all
	@tools/demo

# The benchmark's own programs (bench/README.md): the route injector, the
# kernel FDB watcher and the raw netlink writer.
INJECT_SRCS := $(wildcard bench/inject/*.c)
BENCH_TOOLS := $(B)/bench/evpnd-inject $(B)/bench/fdbwatch $(B)/bench/nlraw
bench-tools: all $(BENCH_TOOLS)

$(B)/bench/evpnd-inject: $(INJECT_SRCS:%.c=$(B)/%.o) $(B)/libevpnd.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/bench/fdbwatch $(B)/bench/nlraw: $(B)/bench/%: $(B)/bench/%.o $(B)/libevpnd.a
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

bench:
	@tools/install-deps
	@$(MAKE) --no-print-directory bench-tools
	@bench/run

install: all
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/bin \
		$(DESTDIR)$(PREFIX)/share/evpnd/yang $(DESTDIR)$(PREFIX)/share/man/man8 \
		$(DESTDIR)$(PREFIX)/lib/systemd/system
	install -m 0755 $(B)/evpnd $(DESTDIR)$(PREFIX)/sbin/evpnd
	install -m 0755 $(B)/evpnsh $(DESTDIR)$(PREFIX)/bin/evpnsh
	install -m 0644 yang/*.yang $(DESTDIR)$(PREFIX)/share/evpnd/yang/
	install -m 0644 doc/evpnd.8 doc/evpnsh.8 $(DESTDIR)$(PREFIX)/share/man/man8/
	sed 's|@SBINDIR@|$(PREFIX)/sbin|' doc/evpnd.service > $(DESTDIR)$(PREFIX)/lib/systemd/system/evpnd.service

clean:
	rm -rf build build-asan

-include $(shell find $(B) -name '*.d' 2>/dev/null)
