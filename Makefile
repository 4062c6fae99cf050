# ingest: build, demo, test, lint, bench. Needs Go (see go.mod); make test
# installs the few other tools its tests drive when they are missing.
GO ?= go
BIN := bin/ingest
PKGS := ./...

.PHONY: all build demo demo-cluster test test-tools lint bench bench-crawl bench-queue eval clean

all: build

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/ingest

# Crawl the embedded sample site into ./demo.db and export it to ./demo-out/.
demo: build
	./$(BIN) demo

# The same crawl by a coordinator and three workers through NATS JetStream
# (a server built from its Go module), into ./demo-cluster/; checks that the
# export is the one make demo writes.
demo-cluster:
	GO=$(GO) bash scripts/demo-cluster.sh

test: test-tools
	$(GO) test -race -count=1 $(PKGS)

# wget, time, npm's warcio (WARC checks) and Debian's chromium (the browser
# test of ingest serve), each installed only when missing; quiet otherwise.
test-tools:
	@bash scripts/ci-tools.sh
	@bash scripts/install-chromium.sh

lint:
	$(GO) vet $(PKGS)
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count=1 $(PKGS)
	$(MAKE) bench-crawl

# Crawl generated local sites of 10,000 and 100,000 articles with --rate 0:
# pages/s and peak RSS (at most 300 MB), and wget --mirror on the same sites
# for the raw-fetch ratio (SIZES=10000 for one). Installs time and wget.
bench-crawl:
	GO=$(GO) bash scripts/bench-crawl.sh

# The same crawl of 20 generated local hosts in one process and by three
# workers through NATS JetStream, with the CPU each part spends per page:
# the inputs of the README's sizing model.
bench-queue:
	GO=$(GO) bash scripts/bench-queue.sh

# Extraction quality on the evaluation datasets beside this checkout.
EVAL ?= ../shared/eval
eval: build
	./$(BIN) eval $(EVAL)/aeb
	./$(BIN) eval --type article $(EVAL)/wcxb-dev
	./$(BIN) eval $(EVAL)/wcxb-dev
	./$(BIN) eval $(EVAL)/readability

clean:
	rm -rf bin demo.db demo-out demo-cluster
