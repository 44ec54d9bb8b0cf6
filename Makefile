# The two commands of the README: `make demo` and `make test`. Everything else is a helper.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)

.PHONY: demo test deps build build-asan bench clean

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DJIRGA_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

# Builds everything, builds (or reuses) the Doha 2020 example log, walks through it and serves
# the dashboard on DEMO_LISTEN until Ctrl-C.
DEMO_LISTEN ?= 127.0.0.1:8080
demo: build
	@echo "jirga demo: the dashboard will be at http://$(DEMO_LISTEN)/ after the walkthrough (Ctrl-C stops it)"
	@$(BUILD)/jirga demo --store $(BUILD)/doha2020/jirga.db --listen $(DEMO_LISTEN)

# The whole test suite: the optimized build, then the same tests under ASan+UBSan.
test: build build-asan
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS)

bench: build
	@bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
