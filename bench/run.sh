#!/usr/bin/env bash
# Tafel's benchmark suite (issue 6): builds the server and tafel-loadgen (Release, into
# build-bench/), runs every scenario against a fresh server on 127.0.0.1 with a fresh
# database, runs the same fan-out through libwebsockets-test-server's lws-mirror-protocol
# for the transport ceiling, and prints one table. See docs/benchmarks.md.
#
#   bench/run.sh [--quick] [--only "plenary mirror tables joinstorm throughput restart export slowreader event"]
#
# --quick uses small sizes (about a minute); the default sizes are the issue's.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
only="plenary mirror tables joinstorm throughput restart export slowreader event"
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=1 ;;
	--only) only="$2"; shift ;;
	*) echo "usage: bench/run.sh [--quick] [--only \"SCENARIOS\"]" >&2; exit 2 ;;
	esac
	shift
done

. bench/lib.sh
bench_build
MIRROR=/usr/bin/libwebsockets-test-server
bench_workdir bench
results="$work/results"
: >"$results"

cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_bench_server [keep-db]
start_bench_server() {
	[ "${1:-}" = keep ] || rm -f "$work/bench.db" "$work/bench.db-wal" "$work/bench.db-shm"
	start_server bench.db 1
}

start_mirror() {
	ulimit -n "$(ulimit -Hn)"
	"$MIRROR" --port="$port" -d 1 >>"$work/mirror.log" 2>&1 &
	spid=$!
	for _ in $(seq 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

lg() { # scenario-time-limit, then loadgen arguments
	local limit=$1; shift
	timeout --signal=INT "$limit" "$LG" --port "$port" --server-pid "$spid" "$@" \
		2> >(sed 's/^/  /' >&2) | tee -a "$results" | grep -v '^RESULT\|^DELIV' || true
}

if [ $quick = 1 ]; then
	P=100; TS=50; TD=5; JS=100; TPS=50; FS=50; FC=100; EN=200; ER=10; SP=30; SN=1000; ED=10
else
	P=1000; TS=1000; TD=30; JS=1000; TPS=500; FS=1000; FC=500; EN=1000; ER=50; SP=100; SN=6000; ED=60
fi

for sc in $only; do
	echo "bench: $sc" >&2
	case $sc in
	plenary)
		start_bench_server
		lg 300 --scenario plenary --participants $P --notes 20 --votes 20 --burst 100
		stop_server ;;
	mirror)
		start_mirror
		lg 300 --scenario mirror --participants $P --notes 20 --burst 100
		stop_server ;;
	tables)
		start_bench_server
		lg 600 --scenario tables --sessions $TS --participants 10 --duration $TD --interval 10
		stop_server ;;
	joinstorm)
		start_bench_server
		lg 120 --scenario joinstorm --participants $JS --join-window 3
		stop_server ;;
	throughput)
		start_bench_server
		lg 300 --scenario throughput --sessions $TPS --participants 2 --rate 90 --window 32 --duration 10
		stop_server ;;
	restart)
		start_bench_server
		lg 900 --scenario fill --sessions $FS --changes $FC --rate 90 --window 32 --codes "$work/codes"
		stop_server
		t0=$(date +%s%N)
		start_bench_server keep
		lg 120 --scenario restart --codes "$work/codes" --t0-ns "$t0" --repeats 20
		stop_server ;;
	export)
		start_bench_server
		lg 300 --scenario export --notes $EN --repeats $ER
		stop_server ;;
	slowreader)
		start_bench_server
		lg 300 --scenario slowreader --participants $SP --slow 0 --notes $SN --text-bytes 1000 --notes-rate 500
		stop_server
		start_bench_server
		lg 300 --scenario slowreader --participants $SP --slow 5 --notes $SN --text-bytes 1000 --notes-rate 500
		stop_server ;;
	event)
		start_bench_server
		lg 300 --scenario event --sessions 50 --participants 12 --duration $ED --interval 10
		stop_server ;;
	*) echo "bench: unknown scenario $sc" >&2 ;;
	esac
done

echo
{
	echo "scenario|measure|n|p50 ms|p90 ms|p99 ms|max ms|throughput|unit|server CPU s|loadgen CPU s|peak RSS MB|errors|note"
	grep '^RESULT|' "$results" | cut -d'|' -f2-
} | column -t -s'|'
t=$(awk -F'|' '$1=="DELIVERIES_PER_S" && $2=="tafel"{print $3}' "$results")
m=$(awk -F'|' '$1=="DELIVERIES_PER_S" && $2=="mirror"{print $3}' "$results")
if [ -n "$t" ] && [ -n "$m" ]; then
	awk -v t="$t" -v m="$m" 'BEGIN{printf "\nburst fan-out: Tafel %.0f deliveries/s, lws-mirror %.0f deliveries/s: ratio %.2f\n", t, m, t/m}'
fi
