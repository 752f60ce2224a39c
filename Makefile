# Two entry points: `make demo` and `make test`. Everything else is a helper they use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= data/store

.PHONY: demo test install install-dev system-deps bench admin-units clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/policykg build --store $(STORE)
	$(BIN)/policykg validate --store $(STORE) --limit 10
	@echo
	@echo "== Which districts act on Nghị quyết 04-NQ/TU, and through which documents?"
	$(BIN)/policykg query districts-acting-on-mandate --param mandate=04-NQ/TU --store $(STORE)
	@echo
	@echo "== Who cites a superseded decree (or one whose replacement is signed)?"
	$(BIN)/policykg query superseded-citations --store $(STORE)
	@echo
	$(BIN)/policykg gaps --store $(STORE) --out out/gaps.html
	@echo "Gap report: open out/gaps.html in a browser (works offline; prints on A4)."
	@echo
	@echo "Next: '$(BIN)/policykg app' opens the explorer on http://127.0.0.1:8501 (Ctrl+C stops it);"
	@echo "      '$(BIN)/policykg query --list' shows every named query;"
	@echo "      '$(BIN)/policykg extract data/reports/000_465f813c91986d41.txt' shows what one report yields;"
	@echo "      '$(BIN)/policykg export --format trig --out graph.trig' writes every graph (ttl: merged Turtle)."

# What the tests need from Debian, each installed only when missing: Chromium for the browser tests, Java with
# Apache Jena (ARQ, TDB2, riot) and OpenLink Virtuoso for the tests on other SPARQL engines.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium fonts-dejavu-core"; \
	{ command -v java >/dev/null 2>&1 && [ -e /usr/share/java/jena-arq.jar ]; } || \
	  missing="$$missing default-jre-headless libapache-jena-java"; \
	{ command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; } || \
	  missing="$$missing virtuoso-opensource"; \
	[ -z "$$missing" ] || { \
	  echo "installing from Debian:$$missing"; \
	  SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; }

test: install-dev system-deps
	$(BIN)/python -m pytest

# Speed and memory at 1,000, 10,000 and 100,000 generated reports, into BENCHMARKS.md: about an hour on two
# cores for the first two, several more for 100,000 (~75 GB free at its peak: the store before its compaction,
# 47 GB, and a readers' view of it holding 22 GB of files compacted away since; in a temporary folder). At 100,000
# the full scoreboard recomputation reported is the build's own and the store is not bulk-loaded again (the
# store, its N-Quads and a second store would not fit): the ingest ratio is 10,000's. Nor are the live national
# listings timed at 100,000 (hours: what the scoreboard replaces); the scoreboard's national readers are.
# The conformance checks (qb-integrity: pairwise, 38 s at 1,000 reports) are timed at 1,000 only.
# One size can be measured again on its own, the others' figures kept under their own run:
#   .venv/bin/python benchmarks/run.py --reports 100000 --keep benchmarks/results.json --refresh-max 10000 \
#       --bulk-max 10000 --national-max 10000 --checks-max 1000 --work /var/tmp/bench --out BENCHMARKS.md
# A run stopped part-way goes on from its last finished phase with the same command and --resume (same commit).
bench: install-dev
	$(BIN)/python benchmarks/run.py --reports 1000 --reports 10000 --reports 100000 \
		--refresh-max 10000 --bulk-max 10000 --national-max 10000 --checks-max 1000 --out BENCHMARKS.md

# Regenerate data/admin/units.json from the maintained packages (two throwaway venvs: the packages
# share an import name). Not part of demo/test: the generated file is committed.
# The temporal gazetteer from every published snapshot of vietnam-provinces (each release one at a time: they
# share an import name) and the old -> new ward mapping; the wheels are read as data, not installed.
ADMIN_RELEASES = 0.2.2 0.3.0 0.4.0 0.5.0 0.5.8 0.6.0 2025.8.1 2025.10.1
admin-units:
	rm -rf build/admin-wheels && mkdir -p build/admin-wheels
	for v in $(ADMIN_RELEASES); do $(PYTHON) -m pip download --quiet --no-deps "vietnam-provinces==$$v" -d build/admin-wheels || exit 1; done
	$(PYTHON) -m pip download --quiet --no-deps vietnam-address-converter==1.0.5 -d build/admin-wheels
	$(PYTHON) scripts/generate_admin_units.py --wheels build/admin-wheels --out data/admin/units.json

clean:
	rm -rf $(VENV) build $(STORE) $(STORE).views .pytest_cache
