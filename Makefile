# fapiao: `make run` starts a server on the embedded database, `make test`
# runs every test against a PostgreSQL server that it starts and removes.

SHELL := /bin/bash
# The Swift toolchain of this project's machines lives in /opt/swift.
export PATH := /opt/swift/usr/bin:$(PATH)

.PHONY: all deps build release run test proto docs clean

all: build

# Installs the Debian packages the build and the tests need (as root), or
# names them (as any other user).
deps:
	@scripts/install-deps

build: deps
	swift build

release: deps
	swift build -c release

# Starts the server in the foreground with its data in ./.fapiao; stop it
# with Ctrl-C or SIGTERM.
run: release
	./.build/release/fapiao-server

test: deps
	scripts/run-tests

# Regenerates Sources/CFapiaoProto from Protos/ with protoc-c.
proto: deps
	scripts/generate-protos

# Regenerates docs/permissions.md from the method catalogue.
docs: build
	./.build/debug/fapiao-server --print-permissions > docs/permissions.md

clean:
	rm -rf .build
