# sluice: build, test, demo, install. `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c

PREFIX ?= /usr/local
DESTDIR ?=
MAN_DATE := 2026-12-06
# ISA-L (the package trait ISAL) is compiled in when libisal-dev is installed,
# which `make setup` does; ISAL=no builds with zlib alone. Expanded when used,
# so after setup has run.
ISAL ?= auto
TRAITS = $(if $(filter no,$(ISAL)),,$(shell pkg-config --exists libisal 2>/dev/null && echo --traits ISAL))
# Linked as a plain (non-PIE) executable, like Go's static binaries: a PIE's
# 40,000 relocations are read and applied at every start, which costs 1.1 MiB
# of resident memory (the budget is 12 MiB) for no speed; see NOTES.md.
RELEASE_FLAGS = -c release --static-swift-stdlib -Xlinker -no-pie $(TRAITS)
RELEASE_BIN = $(shell swift build $(RELEASE_FLAGS) --show-bin-path)/sluice
# Debian packages the build and the tests need (gzip, bzip2, xz-utils, zstd and
# jq are the tests' oracles, python3 with tzdata the reference for time windows;
# tmux runs the progress line in a real terminal, man-db checks the installed
# page; libisal-dev is optional for the build, and the tests run every gzip case
# with both inflate backends), and the peers the benchmarks run sluice against.
DEB_PACKAGES := zlib1g-dev libpcre2-dev pkg-config gzip libisal-dev jq \
  libbz2-dev liblzma-dev libzstd-dev bzip2 xz-utils zstd python3 tzdata tmux man-db
BENCH_PACKAGES := hyperfine pigz isal ripgrep mawk time valgrind python3 jq
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help setup bench-setup build release test check-zlib-only check-man check-install man docs demo install uninstall bench fuzz check-fuzz format

help:
	@echo "make setup      install the Debian packages sluice needs (apt-get)"
	@echo "make demo       setup, build, make a gzipped access log and run sluice on it"
	@echo "make test       setup, then every test, the threaded ones again under TSan, a zlib-only build, man/sluice.1 current, make install, the docs, the fuzz seeds"
	@echo "make release    static release binary (.build/release/sluice), with ISA-L when installed (ISAL=no: zlib only)"
	@echo "make install    install binary, man page and bash/zsh/fish completions under PREFIX (default /usr/local), DESTDIR for staging"
	@echo "make uninstall  remove exactly what make install put there"
	@echo "make man        regenerate man/sluice.1 from the command definitions"
	@echo "make docs       the library's DocC documentation (Sources/Sluice/Sluice.docc); fails on any DocC warning"
	@echo "make bench      side-by-side benchmarks against gzip, wc, grep|awk|sort and Python (Benchmarks/)"
	@echo "make fuzz       libFuzzer + ASan on the readers and on program texts, FUZZ_SECONDS each (default 60; Fuzz/)"

# Installs only what is missing, so it costs nothing on a prepared machine.
setup bench-setup: PACKAGES = $(if $(filter bench-setup,$@),$(BENCH_PACKAGES),$(DEB_PACKAGES))
setup bench-setup:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: setup
	swift build $(TRAITS)

release: setup
	swift build $(RELEASE_FLAGS)

test: setup
	swift build --build-tests $(TRAITS)
	swift test --disable-xctest $(TRAITS)
	$(MAKE) --no-print-directory check-zlib-only test-tsan check-man check-install docs check-fuzz

# zlib stays the only build requirement: the library and tool build without ISA-L.
check-zlib-only:
	swift build --scratch-path .build-zlib-only --product sluice
	.build-zlib-only/debug/sluice --version | grep -q 'built without ISA-L'
	@echo "builds with zlib alone"

# The threaded code (the -j workers, the read-ahead decoder) under the thread
# sanitizer: the suites whose names contain Jobs or ReadAhead, in a build
# directory of their own. The CLI tests run the TSan-built binary, so a race
# in it shows up as an extra message on its stderr.
.PHONY: test-tsan
test-tsan: setup
	swift build --build-tests --sanitize=thread --scratch-path .build-tsan $(TRAITS)
	swift test --disable-xctest --sanitize=thread --scratch-path .build-tsan --skip-build $(TRAITS) \
	  --filter 'Jobs|ReadAhead|Pieces'

# The man page is generated from the argument-parser definitions and committed;
# this fails when the committed page no longer matches them.
check-man:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	swift package $(TRAITS) generate-manual --date $(MAN_DATE) --configuration debug >/dev/null; \
	if ! diff -u man/sluice.1 .build/plugins/GenerateManual/outputs/SluiceCLI/sluice.1; then \
	  echo "man/sluice.1 is out of date: run 'make man' and commit it" >&2; exit 1; \
	fi; echo "man/sluice.1 is up to date"

man:
	swift package $(TRAITS) generate-manual --date $(MAN_DATE) --configuration debug
	cp .build/plugins/GenerateManual/outputs/SluiceCLI/sluice.1 man/sluice.1

# The library's documentation: the DocC catalog and every public symbol's
# comment, built by swift-docc-plugin into an archive (it runs offline, with
# the toolchain's docc, and needs no extra flag). Fails on any warning DocC gives
# (an unresolved ``link``, an ambiguous overload, a bad disambiguation...);
# compiler warnings are left to the build, since they show only when a file
# is recompiled. DOCS_BUILD is the build folder (the plugin builds the
# module to extract its symbols), .build by default like `make build`.
DOCS_BUILD ?= .build
docs: setup
	@log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	swift package --scratch-path $(DOCS_BUILD) $(TRAITS) generate-documentation 2>&1 \
	  | tee "$$log"; \
	if sed -n '/^Building documentation for/,$$p' "$$log" | grep -q 'warning:'; then \
	  echo "make docs: DocC gave warnings (above)" >&2; exit 1; \
	fi; \
	echo "documentation without warnings: $(DOCS_BUILD)/plugins/Swift-DocC/outputs/Sluice.doccarchive"

demo: release
	@mkdir -p .build/demo
	scripts/make-demo-log.sh 400000 > .build/demo/access.log
	gzip -6 -c .build/demo/access.log > .build/demo/access.log.1.gz
	scripts/make-demo-log.sh 1000 > .build/demo/access.log.2
	@echo; echo "== sluice count .build/demo/access.log.1.gz (lines in the gzipped log)"
	$(RELEASE_BIN) count .build/demo/access.log.1.gz
	@echo; echo "== sluice count over a rotated set, gzipped and plain, as one stream"
	$(RELEASE_BIN) count .build/demo/access.log.1.gz .build/demo/access.log.2
	@echo; echo "== the paths that failed with status 500 most often"
	$(RELEASE_BIN) 'grep -F " 500 " | fields 7 | count-by | head 5' .build/demo/access.log.1.gz
	@echo; echo "== response sizes (field 10): count, sum, min, max, mean, percentiles"
	$(RELEASE_BIN) 'fields 10 | stats' .build/demo/access.log.1.gz
	@echo; echo "== sluice cat .build/demo/access.log.1.gz | head -3"
	$(RELEASE_BIN) cat .build/demo/access.log.1.gz | head -3
	@echo; echo "== the same bytes as gzip -dc?"
	cmp <($(RELEASE_BIN) cat .build/demo/access.log.1.gz) <(gzip -dc .build/demo/access.log.1.gz) && echo identical

# Where `make install` puts each file, under $(DESTDIR)$(PREFIX); `make
# uninstall` removes exactly these, then the folders install made if they are
# left empty (never PREFIX itself).
BASH_COMPLETION := share/bash-completion/completions/sluice
ZSH_COMPLETION := share/zsh/site-functions/_sluice
FISH_COMPLETION := share/fish/vendor_completions.d/sluice.fish
INSTALLED := bin/sluice share/man/man1/sluice.1 $(BASH_COMPLETION) $(ZSH_COMPLETION) $(FISH_COMPLETION)
INSTALL_DIRS := bin share/man/man1 share/man share/bash-completion/completions share/bash-completion \
  share/zsh/site-functions share/zsh share/fish/vendor_completions.d share/fish share

install: release
	@root="$(DESTDIR)$(PREFIX)"; \
	for f in $(INSTALLED); do install -d "$$root/$$(dirname $$f)"; done; \
	install -m 755 "$(RELEASE_BIN)" "$$root/bin/sluice"; \
	install -m 644 man/sluice.1 "$$root/share/man/man1/sluice.1"; \
	"$(RELEASE_BIN)" --generate-completion-script bash > "$$root/$(BASH_COMPLETION)"; \
	"$(RELEASE_BIN)" --generate-completion-script zsh > "$$root/$(ZSH_COMPLETION)"; \
	"$(RELEASE_BIN)" --generate-completion-script fish > "$$root/$(FISH_COMPLETION)"; \
	chmod 644 "$$root/$(BASH_COMPLETION)" "$$root/$(ZSH_COMPLETION)" "$$root/$(FISH_COMPLETION)"; \
	for f in $(INSTALLED); do echo "installed $$root/$$f"; done

uninstall:
	@root="$(DESTDIR)$(PREFIX)"; \
	for f in $(INSTALLED); do rm -f "$$root/$$f"; done; \
	for d in $(INSTALL_DIRS); do rmdir "$$root/$$d" 2>/dev/null || true; done; \
	echo "removed sluice from $$root"

# What a new user gets from `make install`, checked in a scratch prefix: the
# binary runs, `man -l` renders the page, bash loads the completion script and
# completes an option, and `make uninstall` leaves the prefix as it was.
check-install: release
	@prefix=$$(mktemp -d); trap 'rm -rf "$$prefix"' EXIT; \
	touch "$$prefix/already-there"; before=$$(cd "$$prefix" && find . | sort); \
	$(MAKE) --no-print-directory install PREFIX="$$prefix" >/dev/null; \
	"$$prefix/bin/sluice" --version; \
	MANWIDTH=80 man -l "$$prefix/share/man/man1/sluice.1" 2>/dev/null | grep 'timeline INTERVAL' >/dev/null; \
	completions() { bash -c 'source "$$1"; shift; COMP_WORDS=("$$@"); COMP_CWORD=$$(($$# - 1)); \
	  COMP_LINE="$$*"; COMP_POINT=$${#COMP_LINE}; _sluice sluice "$${@: -1}" "$${@: -2:1}"; \
	  echo "$${COMPREPLY[*]}"' bash "$$prefix/$(BASH_COMPLETION)" "$$@"; }; \
	got=$$(completions sluice --infl); [ "$$got" = "--inflate" ] || { echo "bash completes --infl as '$$got'" >&2; exit 1; }; \
	got=$$(completions sluice --inflate ''); [ "$$got" = "zlib isal" ] || { echo "bash completes --inflate as '$$got'" >&2; exit 1; }; \
	grep -q '_sluice' "$$prefix/$(ZSH_COMPLETION)"; grep -q "complete -c 'sluice'" "$$prefix/$(FISH_COMPLETION)"; \
	$(MAKE) --no-print-directory uninstall PREFIX="$$prefix" >/dev/null; \
	after=$$(cd "$$prefix" && find . | sort); \
	[ "$$before" = "$$after" ] || { echo "uninstall left: $$after" >&2; exit 1; }; \
	echo "install, man -l, bash completion and uninstall work"

bench: release bench-setup
	Benchmarks/compare.sh --bin "$(RELEASE_BIN)"
	Benchmarks/pipeline.sh --bin "$(RELEASE_BIN)"
	Benchmarks/jobs.sh --bin "$(RELEASE_BIN)"

# Coverage-guided fuzzing (Fuzz/, a package of its own): every decoder and
# framing on arbitrary files, and arbitrary program texts; fails on a crash,
# a hang or a leak, leaving the input in .build-fuzz/artifacts/.
FUZZ_SECONDS ?= 60
fuzz: setup
	Fuzz/run.sh $(FUZZ_SECONDS)

# In `make test`: the fuzz targets still build, and their seeds (the fixtures
# in every mode, Fuzz/Seeds/programs.txt) run clean, the same every time.
check-fuzz: setup
	Fuzz/run.sh 0

format:
	swift format -i -r Sources Tests Package.swift
