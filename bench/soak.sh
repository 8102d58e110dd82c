#!/usr/bin/env bash
# Tafel's soak run: builds like bench/run.sh (Release, build-bench/), starts a fresh
# `tafel serve` with its database on a real disk under /var/tmp, and holds thousands of
# WebSocket connections under steady, moderate traffic for half an hour (tafel-loadgen
# --scenario soak). It reports connections, unexpected closes, error replies, events
# received against expected, latency over the run and per window, and the server's RSS and
# CPU every 10 s (from /proc), with a verdict whether memory stays flat. Not part of the
# test suite. Method and latest figures: docs/reliability.md (Soak).
#
#   bench/soak.sh [--sessions 300] [--per-session 10] [--minutes 30] [--interval 10]
#                 [--keep 5] [--edits 0.2] [--slice 300] [--keep-work]
#
# Per session: a facilitator (opens the note phase, then leaves), a screen and
# --per-session participants; each participant adds a note every --interval s on average,
# edits its newest note after --edits of them, and deletes its oldest once it has --keep
# (0: never), so that the data, and with it the server's memory, should stay the same size.
# Exit status 0 only when nothing went wrong and memory stayed flat.
set -euo pipefail
cd "$(dirname "$0")/.."

sessions=300 per=10 minutes=30 interval=10 keep=5 edits=0.2 slice=300 keep_work=0
usage() { # usage [exit-status]
	echo "usage: bench/soak.sh [--sessions N] [--per-session N] [--minutes M] [--interval S]" >&2
	echo "                     [--keep N] [--edits F] [--slice S] [--keep-work]" >&2
	exit "${1:-2}"
}
while [ $# -gt 0 ]; do
	case "$1" in
	--sessions) sessions="$2"; shift ;;
	--per-session) per="$2"; shift ;;
	--minutes) minutes="$2"; shift ;;
	--interval) interval="$2"; shift ;;
	--keep) keep="$2"; shift ;;
	--edits) edits="$2"; shift ;;
	--slice) slice="$2"; shift ;;
	--keep-work) keep_work=1 ;;
	-h|--help) usage 0 ;;
	*) usage ;;
	esac
	shift
done

. bench/lib.sh
bench_build
bench_workdir soak
if [ "$(stat -f -c %T "$work")" = tmpfs ]; then
	echo "soak: $work is on tmpfs; set TMPDIR_BENCH to a directory on a disk" >&2
	rm -rf "$work"
	exit 2
fi

cleanup() {
	stop_server
	if [ $keep_work = 1 ]; then echo "soak: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Every connection is bound to one of 127.0.0.2 ... (loadgen --ips): stay well under the
# server's 4,000 connections per client address without raising that limit.
conns=$((sessions * (per + 2)))
ips=$(((conns + 2999) / 3000))
[ $ips -lt 8 ] && ips=8

start_server soak.db 3 || exit 1

echo "soak: tafel serve pid $spid on 127.0.0.1:$port, database $work/soak.db" \
	"($(df --output=source,fstype "$work" | tail -1 | tr -s ' '))"
echo "soak: $conns connections over $ips client addresses; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# The database file and its write-ahead log every 10 s: a log that keeps growing is a leak
# on disk (the server checkpoints from a timer, between turns).
(
	t0=$(date +%s)
	while kill -0 "$spid" 2>/dev/null; do
		echo "$(($(date +%s) - t0)) $(stat -c %s "$work/soak.db" 2>/dev/null || echo 0)" \
			"$(stat -c %s "$work/soak.db-wal" 2>/dev/null || echo 0)"
		sleep 10
	done
) >"$work/disk.tsv" 2>/dev/null &
dpid=$!

rc=0
: >"$work/soak.out"
timeout --signal=INT $((minutes * 60 + 300)) "$LG" --scenario soak --port "$port" --server-pid "$spid" \
	--sessions "$sessions" --participants "$per" --duration $((minutes * 60)) --interval "$interval" \
	--keep "$keep" --edits "$edits" --slice "$slice" --ips "$ips" \
	2> >(sed -u 's/^/  /' >&2) >"$work/soak.out" &
lgpid=$!
# The report as it comes (the RESULT lines are shown as a table at the end; the 10 s
# samples of RSS and CPU stay in soak.out, kept with --keep-work).
tail -f --pid=$lgpid "$work/soak.out" | grep --line-buffered -v '^RESULT|\|^SAMPLE|' || true
wait $lgpid || rc=$?

alive=1
kill -0 "$spid" 2>/dev/null || alive=0
db_kb=$(du -ck "$work"/soak.db* 2>/dev/null | tail -1 | cut -f1)
stop_server
kill "$dpid" 2>/dev/null || true
wait "$dpid" 2>/dev/null || true

echo
{
	echo "measure|n|p50 ms|p90 ms|p99 ms|max ms|per s|unit|server CPU s|loadgen CPU s|peak RSS MB|errors"
	grep '^RESULT|' "$work/soak.out" | cut -d'|' -f3-14
} | column -t -s'|'
echo
echo "database and write-ahead log at the end: $((db_kb / 1024)) MB"
awk '{ if ($3 > max) max = $3 }
     NR % 6 == 1 { s = s sprintf(" %d:%.1f/%.1f", $1 / 60, $2 / 1048576, $3 / 1048576) }
     END { printf "database/WAL MB per minute since the start of the server:%s; largest WAL %.1f MB\n", s, max / 1048576 }' \
	"$work/disk.tsv"
[ $alive = 1 ] || echo "soak: the server DIED during the run (see below)"
echo "server: exit status $server_exit after SIGTERM; $(wc -l <"$work/server.log") lines in its log (errors and warnings)"
if [ -s "$work/server.log" ]; then
	sed 's/^\[[^]]*\] *//' "$work/server.log" | sort | uniq -c | sort -rn | head -10 | sed 's/^/  /'
fi
case $rc in
0) verdict=PASS ;;
3) verdict="FAIL (errors, unexpected closes or missing events)" ;;
4) verdict="FAIL (memory grew)" ;;
*) verdict="FAIL (load generator exit status $rc)" ;;
esac
[ $alive = 1 ] && [ "$server_exit" = 0 ] || verdict="FAIL (server)"
echo "soak: $verdict"
[ "$verdict" = PASS ]
