# Baton's one entry point: `make test` runs every check exactly as CI does (.ci/run calls it).
# `sam build` also comes here: each function's Metadata (BuildMethod: makefile) runs the target
# build-<LogicalId> from the repository root, so the Maven reactor builds the shared module too.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test
MAKEFLAGS += --no-print-directory

export SAM_CLI_TELEMETRY := 0

VENV := .venv
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
FUNCTIONS := health-transition stale-sweeper promotion
comma := ,
space := $(subst ,, )
FUNCTION_MODULES := $(subst $(space),$(comma),$(addprefix functions/,$(FUNCTIONS)))
# What the function zips are built from; a change here rebuilds them.
ZIP_SOURCES := pom.xml functions/lambda-zip.xml shared/pom.xml $(wildcard functions/*/pom.xml) \
  $(shell find shared/src/main $(addsuffix /src/main,$(addprefix functions/,$(FUNCTIONS))) -type f 2>/dev/null)
# Marks that every function zip (functions/<f>/target/<f>.zip) matches ZIP_SOURCES.
ZIPS_BUILT := target/lambda-zips.built

.PHONY: test build drill simulate soak venv verify lint sam-build clean release

test: venv verify lint sam-build ## everything CI checks: format, unit + integration tests, template, sam build
	@echo "make test: all checks passed"

build: venv ## the deployable artifacts with your topology, in .aws-sam/build: make build BATON_TOPOLOGY_FILE=/path/to/topology.yaml
	$(if $(BATON_TOPOLOGY_FILE),,$(error set BATON_TOPOLOGY_FILE=/path/to/topology.yaml (README "Deploying")))
	BATON_TOPOLOGY_FILE=$(abspath $(BATON_TOPOLOGY_FILE)) $(VENV)/bin/sam build

# The failover drill on this machine (docs/drills.md): builds the CLI, prepares .venv/ (moto), runs
# the default scenario and prints the detection and failover times. `make drill SCENARIO=... SCALE=0.2`
# runs another scenario, faster.
SCENARIO ?= scenarios/region-outage.yaml
SCALE ?=
drill: venv ## the failover drill on this machine: prints detection and failover times, writes target/drill/report.html
	$(MVN) $(MVN_FLAGS) -q -pl cli -am package -DskipTests -Dspotless.check.skip=true
	./baton drill $(SCENARIO) $(if $(SCALE),--scale $(SCALE))

# The simulator (docs/simulation.md): a scenario in virtual time, or a random search.
SEED ?= 1
simulate: ## a scenario in virtual time, in milliseconds: make simulate SCENARIO=... SEED=7
	$(MVN) $(MVN_FLAGS) -q -pl cli -am package -DskipTests -Dspotless.check.skip=true
	./baton simulate $(SCENARIO) --seed $(SEED)

SEEDS ?= 100000
FROM_SEED ?= 1
soak: ## a long random search: make soak SEEDS=100000 [FROM_SEED=1]; prints seeds per second
	$(MVN) $(MVN_FLAGS) -q -pl cli -am package -DskipTests -Dspotless.check.skip=true
	./baton simulate --random --seeds $(SEEDS) --from-seed $(FROM_SEED) --out target/soak

venv: ## the Python tools (moto, cfn-lint, SAM CLI) in .venv/, pinned by scripts/requirements.txt
	@scripts/bootstrap-venv

verify: ## Maven: spotless check, unit tests, integration tests on moto, function zips
	$(MVN) $(MVN_FLAGS) verify
	@mkdir -p $(dir $(ZIPS_BUILT)) && touch $(ZIPS_BUILT)

lint: venv ## cfn-lint (informational checks too) and SAM's own validation of template.yaml
	$(VENV)/bin/cfn-lint --include-checks I -- template.yaml
	$(VENV)/bin/sam validate --lint

# make test checks that sam build works with the shipped example topology, into target/ so that
# .aws-sam/ (what sam deploy uploads) never holds the example. `make build` needs your topology.
SAM_CHECK_DIR := target/sam-build-check
sam-build: venv ## sam build, exactly as a SAM user runs it (no container), with examples/topology.yaml
	BATON_TOPOLOGY_FILE=$(CURDIR)/examples/topology.yaml $(VENV)/bin/sam build --build-dir $(SAM_CHECK_DIR)
	@test -f $(SAM_CHECK_DIR)/PromotionFunction/topology.yaml || { echo "sam build did not bundle the topology" >&2; exit 1; }

$(ZIPS_BUILT): $(ZIP_SOURCES)
	$(MVN) $(MVN_FLAGS) -q -pl $(FUNCTION_MODULES) -am package -Dmaven.test.skip=true -Dspotless.check.skip=true
	@mkdir -p $(dir $@) && touch $@

# Called by `sam build` (ARTIFACTS_DIR is its .aws-sam/build/<LogicalId>): the function's zip,
# unpacked as Lambda loads it (classes at the root, jars in lib/), and the topology named by
# BATON_TOPOLOGY_FILE as topology.yaml: the topology is part of the artifact, so a new topology
# publishes new versions and moves the live alias (docs/decisions/0011).
define unpack-function
	$(if $(ARTIFACTS_DIR),,$(error ARTIFACTS_DIR is not set: run `sam build`, not make $@))
	$(if $(BATON_TOPOLOGY_FILE),,$(error BATON_TOPOLOGY_FILE is not set: sam build puts your topology into the functions; run BATON_TOPOLOGY_FILE=/path/to/topology.yaml sam build (README "Deploying")))
	@test -f "$(BATON_TOPOLOGY_FILE)" || { echo "BATON_TOPOLOGY_FILE=$(BATON_TOPOLOGY_FILE): no such file" >&2; exit 1; }
	cd "$(ARTIFACTS_DIR)" && jar xf "$(CURDIR)/functions/$(1)/target/$(1).zip"
	cp "$(abspath $(BATON_TOPOLOGY_FILE))" "$(ARTIFACTS_DIR)/topology.yaml"
endef

build-HealthTransitionFunction: $(ZIPS_BUILT)
	$(call unpack-function,health-transition)

build-StaleHeartbeatFunction: $(ZIPS_BUILT)
	$(call unpack-function,stale-sweeper)

build-PromotionFunction: $(ZIPS_BUILT)
	$(call unpack-function,promotion)

# The deploy-time topology check runs from the promotion function's artifact (another handler).
build-DeploymentCheckFunction: $(ZIPS_BUILT)
	$(call unpack-function,promotion)

# The deployable artifacts in target/release/ (docs/agent.md, "Install"): the agent's .deb (checked
# by agent/packaging/verify-deb: contents, scripts, systemd-analyze verify and security), the CLI
# as one runnable jar, the three function zips and SHA256SUMS. Not part of `make test`.
release: venv ## target/release: baton-agent .deb, CLI jar, function zips, SHA256SUMS
	MVN="$(MVN)" MVN_FLAGS="$(MVN_FLAGS)" PYTHON="$(VENV)/bin/python" scripts/release

clean:
	$(MVN) $(MVN_FLAGS) -q clean
	rm -rf .aws-sam
