# Shared by bench/run.sh and bench/soak.sh (sourced, from the repository root): the Release
# build, a work directory on a real disk, and starting and stopping one `tafel serve`.
# Sets LG, TAFEL, work, port; spid is the running server's pid, server_exit its exit status.

bench_build() {
	BUILD_DIR=build-bench scripts/build.sh -DTAFEL_BENCH=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
	LG=build-bench/bench/tafel-loadgen
	TAFEL=build-bench/tafel
}

# bench_workdir NAME: the database lives on a real disk (not tmpfs), so that every commit's
# fdatasync costs what it costs.
bench_workdir() {
	work=$(mktemp -d "${TMPDIR_BENCH:-/var/tmp}/tafel-$1.XXXXXX")
	port=$((20000 + RANDOM % 20000))
	spid=""
	server_exit=""
}

# stop_server: SIGTERM, then SIGKILL after 30 s; server_exit is 0 when it stopped cleanly.
stop_server() {
	if [ -n "$spid" ] && kill -0 "$spid" 2>/dev/null; then
		kill -TERM "$spid" 2>/dev/null || true
		for _ in $(seq 300); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$spid" 2>/dev/null || true
	fi
	if [ -n "$spid" ]; then
		server_exit=0
		wait "$spid" 2>/dev/null || server_exit=$?
	fi
	spid=""
}

wait_healthy() {
	for _ in $(seq 200); do
		curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	echo "bench: the server did not come up; see $work/server.log" >&2
	return 1
}

# start_server DB LOG_LEVEL: serves $work/DB on 127.0.0.1:$port, its log in $work/server.log.
start_server() {
	ulimit -n "$(ulimit -Hn)"
	"$TAFEL" serve --host 127.0.0.1 --port "$port" --db "$work/$1" --templates sessions \
		--web web --log-level "$2" 2>>"$work/server.log" &
	spid=$!
	wait_healthy
}
