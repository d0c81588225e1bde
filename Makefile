# The handbook project. `make build` builds handbook/ into public/,
# `make test` runs every check CI runs.
GO ?= go
SRC ?= handbook
OUT ?= public
PORT ?= 1313

.PHONY: build test serve clean bench fmt vet

build:
	$(GO) run ./cmd/handbook build -src $(SRC) -out $(OUT)

test: vet
	@test -z "$$(gofmt -l cmd generator themes)" || { echo "gofmt needed:"; gofmt -l cmd generator themes; exit 1; }
	$(GO) test -race -count=1 ./...

vet:
	$(GO) vet ./...

serve:
	$(GO) run ./cmd/handbook serve -src $(SRC) -port $(PORT) -watch

bench:
	bash bench/run.sh

fmt:
	gofmt -w cmd generator themes

clean:
	rm -rf $(OUT)
