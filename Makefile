# paiban: the two commands of the README are `make demo` and `make test`.
GO ?= go
BIN := bin/paiban
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

.PHONY: build install test bench demo vet clean

build:
	$(GO) build -o $(BIN) ./cmd/paiban

# paiban on PATH: into $(go env GOPATH)/bin (or GOBIN)
install:
	$(GO) install ./cmd/paiban

# Hermetic tests: fonts come from fonts/builtin and testdata; the end-to-end
# tests also run pdftotext/pdfinfo/pdffonts, qpdf, mutool and gs. A test
# whose tool is missing is skipped, saying why, or fails under CI=true
# (internal/testtool; .ci/run installs the tools). The last line counts the
# tests passed, failed and skipped (internal/testsummary).
test:
	$(GO) vet ./...
	$(GO) test -count=1 -json ./... | $(GO) run ./internal/testsummary

# The second line runs paiban as fresh processes: a build after editing one
# article, reading the disk cache, against a cold build (rerun/cold); the
# last one gives the peak resident memory of a cold build of the sample.
bench: build
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 10x ./pipeline ./layout ./pdf ./finish ./raster ./impose
	$(GO) test -run '^$$' -bench ProcessRerun -benchtime 10x ./cmd/paiban
	rm -rf out/bench && $(BIN) init out/bench >/dev/null
	/usr/bin/time -f 'cold sample build: %e s, peak memory %M KiB' $(BIN) build out/bench/plan.toml -o out/bench/issue.pdf --no-cache --quiet

# Build the sample issue with the embedded default fonts: out/sample/plan.toml -> out/issue.pdf
demo: build
	rm -rf out/sample
	$(BIN) init out/sample
	$(BIN) build out/sample/plan.toml -o out/issue.pdf

vet:
	$(GO) vet ./...

clean:
	rm -rf bin out
