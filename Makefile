# tonedesk: `make run` serves the seed story, `make test` runs every test.
GO     ?= go
BIN    := bin/tonedesk
DB     ?= tonedesk.db
ADDR   ?= 127.0.0.1:8080
STORY  := testdata/stories/istanbul-talks-2025.toml
SEEDS  := $(wildcard testdata/seeds/*.txt)

.PHONY: all build run test vet fmt-check bench clean model

all: build

build:
	$(GO) build -o $(BIN) ./cmd/tonedesk

# Imports the seed story (idempotent: a second run adds nothing), rescores
# what an older tonedesk stored (nothing when all is current), makes the
# first user when there is none (printing its password once) and serves it.
run: build
	./$(BIN) import --db $(DB) --story $(STORY) $(SEEDS)
	./$(BIN) rescore --db $(DB) --story $(STORY)
	./$(BIN) user ensure-admin --db $(DB) --addr $(ADDR)
	./$(BIN) serve --db $(DB) --addr $(ADDR)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

vet:
	$(GO) vet ./...

# Starts PostgreSQL and installs Chromium when they are missing, then runs
# every test, with the PostgreSQL store suite and the browser tests.
test: fmt-check vet
	@eval "$$(./scripts/test-services.sh)"; \
	  $(GO) test -count=1 ./...

# Rebuilds the built-in sentiment model (deterministic: same files, same
# bytes); see sentiment/model/README.md.
MODEL_DATA := sentiment/model/train/news.jsonl \
	testdata/labelled/armenia-azerbaijan-2025.jsonl \
	testdata/labelled/calder-transit-strike-2026.jsonl \
	testdata/labelled/istanbul-talks-2025.jsonl \
	sentiment/model/train/social.jsonl \
	sentiment/model/train/news-rated.jsonl \
	sentiment/model/train/social-everyday.jsonl

model:
	$(GO) run ./cmd/tonedesk train --out sentiment/model/builtin.json $(MODEL_DATA)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin
