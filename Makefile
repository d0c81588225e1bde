# The handbook project. `make build` builds handbook/ into public/,
# `make test` runs every check CI runs.
GO ?= go
SRC ?= handbook
OUT ?= public
PORT ?= 1313
GOFILES = cmd generator themes internal e2e

.PHONY: test-long build test deps bin install serve clean bench fmt vet fuzz

# The Nu HTML checker, pinned in package-lock.json. The vnu test in
# cmd/handbook runs it over every page of the handbook and the test sites.
VNU = node_modules/.package-lock.json
FUZZTIME ?= 20s

build:
	$(GO) run ./cmd/handbook build -src $(SRC) -out $(OUT)
	@echo "open file://$(abspath $(OUT))/index.html"

# The binary, in bin/: "go build ./cmd/handbook" alone would name it
# handbook, which is the content folder's name here.
bin:
	$(GO) build -o bin/handbook ./cmd/handbook

# The binary, in $$(go env GOPATH)/bin, where go install puts it.
install:
	$(GO) install ./cmd/handbook

# deps comes first so that a machine without gcc, Java or Chromium is told
# which packages to install before anything fails halfway.
test: deps vet $(VNU)
	@test -z "$$(gofmt -l $(GOFILES))" || { echo "gofmt needed:"; gofmt -l $(GOFILES); exit 1; }
	$(GO) test -race -count=1 ./...

deps:
	@bash .ci/deps


# The randomised edit-versus-clean-build tests at full size, without the
# race detector: minutes, so not part of make test.
test-long:
	$(GO) test -count=1 -run 'TestIncrementalMatchesClean|TestEditRandomSmallSites' ./generator/ -long

vet:
	$(GO) vet ./...

$(VNU): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

# Runs each fuzz target for FUZZTIME. A crasher is saved under
# testdata/fuzz/NAME and from then on runs as a regression test. Go 1.26's
# fuzzing coordinator can end a run with a bare "context deadline
# exceeded" at the time limit (go.dev/issue/75804); that, without a
# failing input, is not a failure.
FUZZ_TARGETS = generator:FuzzFrontMatter generator:FuzzLinks generator:FuzzRelURL \
	generator:FuzzMarkdown generator:FuzzHighlight generator/compare:FuzzLoad
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=./$${t%%:*}/; name=$${t##*:}; \
		echo "fuzz $$name ($(FUZZTIME))"; \
		out=$$($(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg 2>&1); status=$$?; \
		echo "$$out" | grep -v '^fuzz: elapsed'; \
		if [ $$status -ne 0 ]; then \
			if echo "$$out" | grep -q 'context deadline exceeded' && ! echo "$$out" | grep -q 'Failing input written'; then \
				echo "  stopped at the time limit by Go's fuzzing coordinator: no failing input"; \
			else exit 1; fi; \
		fi; \
	done

serve:
	$(GO) run ./cmd/handbook serve -src $(SRC) -port $(PORT) -watch

bench:
	bash bench/run.sh

fmt:
	gofmt -w $(GOFILES)

clean:
	rm -rf $(OUT)
