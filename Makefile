# The two commands of the README:
#   make run   installs everything and starts the dashboard on the embedded data
#   make test  installs everything (Python packages and Debian's chromium) and runs all tests
VENV ?= .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test install install-dev browser chromium build bench

$(VENV)/.runtime: requirements.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# Debian's chromium for the browser tests, and HAProxy for the production recipe's proxy test and bench_load
browser:
	@command -v chromium >/dev/null 2>&1 && command -v haproxy >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium haproxy; }

# Debian's chromium draws the charts' PNG and SVG downloads (kaleido): installed when missing and run as root;
# otherwise the dashboard runs all the same and its image buttons say that chromium is missing
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } \
		|| echo "Chart images (PNG/SVG downloads) need chromium: apt-get install chromium, as root."

build: install
	$(PYTHON) -m cruscotto build --if-needed

run: build chromium
	$(PYTHON) -m cruscotto serve --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: install-dev browser
	$(PYTHON) -m pytest

bench: install-dev browser
	$(PYTHON) bench/bench_data.py
	$(PYTHON) bench/bench_server.py
	$(PYTHON) bench/bench_ui.py
	$(PYTHON) bench/bench_upload.py
	$(PYTHON) bench/bench_local_pages.py
	$(PYTHON) bench/bench_load.py
