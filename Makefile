# paiban: the two commands of the README are `make demo` and `make test`.
GO ?= go
BIN := bin/paiban

.PHONY: build test bench demo vet clean

build:
	$(GO) build -o $(BIN) ./cmd/paiban

# Hermetic tests: fonts come from fonts/builtin and testdata; the end-to-end
# tests also run poppler-utils/qpdf/mupdf-tools when installed (.ci/run
# installs them) and skip those checks, saying so, when not.
test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 10x ./build ./layout ./pdf ./finish ./raster ./impose

# Build the sample issue with the embedded default fonts: out/sample/plan.toml -> out/issue.pdf
demo: build
	rm -rf out/sample
	$(BIN) init out/sample
	$(BIN) build out/sample/plan.toml -o out/issue.pdf

vet:
	$(GO) vet ./...

clean:
	rm -rf bin out
