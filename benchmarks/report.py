#!/usr/bin/env python3
"""Write RESULTS.md from the JSON lines that benchmarks/run collected.

    report.py RESULTS_DIR DURATION REPEATS
"""
import json
import os
import platform
import statistics
import subprocess
import sys

results, duration, repeats = sys.argv[1], sys.argv[2], sys.argv[3]


def load(name):
    path = os.path.join(results, f"{name}.jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as file:
        return [json.loads(line) for line in file if line.strip().startswith("{")]


def median(runs, *keys):
    values = []
    for run in runs:
        value = run
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, (int, float)):
            values.append(value)
    return statistics.median(values) if values else None


def fmt(value, digits=1):
    return "n/a" if value is None else f"{value:,.{digits}f}"


def command(text):
    try:
        return subprocess.run(text, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"


def memory_gib():
    with open("/proc/meminfo") as file:
        return int(file.readline().split()[1]) / 1024 / 1024


cpu_model = command("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
runs_text = f"{repeats} run{'s' if repeats != '1' else ''} of {duration} s"
single_runs = [text for name, text in (("idle", "idle-connection"), ("export", "export"))
               if load(name)]
single_text = (f"; the {' and '.join(single_runs)} figure{'s' if len(single_runs) > 1 else ''} "
               f"come{'' if len(single_runs) > 1 else 's'} from one run{' each' if len(single_runs) > 1 else ''}"
               if single_runs else "")
lines = ["# Benchmark results", ""]
lines += [
    "Written by `benchmarks/run`; rerun it to refresh this page. Each throughput figure is the median "
    f"of {runs_text}{single_text}. Client, server "
    "and PostgreSQL share the machine, so each side's CPU time per call is shown. Runs of a few "
    "seconds vary more than longer ones. Each fapiao run is followed by the run of its reference, "
    "so that a change in the machine's load affects both sides of a ratio alike; the ratios of "
    "these pairs are listed below the table.", "",
    "## Machine", "",
    f"- CPU: {command('nproc')} cores, {cpu_model}",
    f"- Memory: {memory_gib():.1f} GiB",
    f"- Kernel: {platform.release()}",
    f"- Swift: {command('swift --version 2>&1 | head -1')}",
    f"- PostgreSQL: {command('pg_config --version')} (fsync=on, synchronous_commit=on)",
    f"- gRPC C++: {command('pkg-config --modversion grpc++')}, protobuf {command('pkg-config --modversion protobuf')}",
    "",
    "## Throughput and latency", "",
    "CPU columns are µs per call: fapiao's server, its load generator (client) and PostgreSQL during "
    "the fapiao run (setup included); for the reference, its server or PostgreSQL plus its client. "
    "Errors are calls that did not end with OK; their time counts in calls/s. A target is a "
    "requirement, an aim is a goal beyond it.", "",
    "| Benchmark | calls/s | errors | p50 ms | p99 ms | CPU server / client / database | "
    "reference calls/s | reference CPU | ratio | target | result |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
]


def errors(runs):
    counts = []
    for run in runs:
        value = run.get("errors")
        counts.append(sum(value.values()) if isinstance(value, dict) else (value or 0))
    return statistics.median(counts) if counts else None


pair_ratios = []


def run_ratios(fapiao, reference):
    """Ratios of the runs with the same number: a fapiao run and the reference run after it."""
    theirs = {run.get("run"): run.get("calls_per_second") for run in reference}
    ratios = []
    for run in fapiao:
        mine, other = run.get("calls_per_second"), theirs.get(run.get("run"))
        if run.get("run") is not None and mine and other:
            ratios.append(mine / other)
    return ratios


def row(title, fapiao, reference, minimum, reference_name, aim=False, latency_check=False):
    ratios = run_ratios(fapiao, reference)
    if ratios:
        pair_ratios.append(f"- {title}: {', '.join(fmt(r, 2) for r in ratios)}")
    mine = median(fapiao, "calls_per_second")
    theirs = median(reference, "calls_per_second")
    ratio = mine / theirs if mine and theirs else None
    if reference_name.startswith("gRPC"):
        reference_cpu = (f"{fmt(median(reference, 'server_cpu_us_per_call'))} / "
                         f"{fmt(median(reference, 'client_cpu_us_per_call'))}")
    else:
        reference_cpu = (f"{fmt(median(reference, 'database_cpu_us_per_call'))} / "
                         f"{fmt(median(reference, 'client_cpu_us_per_call'))}")
    met = ratio is not None and ratio >= minimum
    if met and latency_check:
        met = (median(fapiao, "latency_ms", "p99") or 0) <= (median(reference, "latency_ms", "p99") or 0)
    if ratio is None:
        result = "not measured"
    elif aim:
        result = "reached" if met else "not reached"
    else:
        result = "met" if met else "missed"
    target = f"{'aim' if aim else '≥'} {minimum:.1f}" + (", p99 not higher" if latency_check else "")
    lines.append(
        f"| {title} | {fmt(mine)} | {fmt(errors(fapiao), 0)} | {fmt(median(fapiao, 'latency_ms', 'p50'), 3)} | "
        f"{fmt(median(fapiao, 'latency_ms', 'p99'), 3)} | {fmt(median(fapiao, 'server_cpu_us_per_call'))} / "
        f"{fmt(median(fapiao, 'client_cpu_us_per_call'))} / {fmt(median(fapiao, 'database_cpu_us_per_call'))} | "
        f"{fmt(theirs)} ({reference_name}) | {reference_cpu} | {fmt(ratio, 2)} | {target} | {result} |")


row("health Check, 8 connections × 8 in flight (64 in total)", load("health-fapiao"), load("health-grpc"), 1.5,
    "gRPC C++", latency_check=True)
row("IssueInvoice, 64 tenants, 8 connections × 4 in flight", load("issue-many-fapiao"),
    load("issue-many-pgbench"), 0.8, "pgbench -c 32")
row("IssueInvoice, one series, 8 connections × 4 in flight", load("issue-one-fapiao"), load("issue-one-pgbench"),
    1.0, "pgbench -c 32")
row("IssueInvoice, one series, against the number-first script", load("issue-one-fapiao"),
    load("issue-one-stepwise-pgbench"), 2.0, "pgbench -c 32, stepwise", aim=True)
row("GetInvoice, 8 tenants, 8 connections × 4 in flight", load("get-fapiao"), load("get-pgbench"), 0.8,
    "pgbench -c 32")
lines.append("")
if pair_ratios:
    lines += ["Ratio of each pair of runs, in run order:", ""] + pair_ratios + [""]

grpc = load("health-grpc")
lines += [
    "Reference details (medians):", "",
    f"- gRPC C++ health: p50 {fmt(median(grpc, 'latency_ms', 'p50'), 3)} ms, p99 "
    f"{fmt(median(grpc, 'latency_ms', 'p99'), 3)} ms, server CPU {fmt(median(grpc, 'server_cpu_us_per_call'))} µs/call, "
    f"client CPU {fmt(median(grpc, 'client_cpu_us_per_call'))} µs/call.",
]
for name, title in [("issue-many-pgbench", "IssueInvoice, 64 tenants"), ("issue-one-pgbench", "IssueInvoice, one series"),
                    ("issue-one-stepwise-pgbench", "IssueInvoice, one series, number first"),
                    ("get-pgbench", "GetInvoice")]:
    runs = load(name)
    lines.append(
        f"- pgbench {title}: mean latency {fmt(median(runs, 'latency_ms', 'mean'), 3)} ms, PostgreSQL CPU "
        f"{fmt(median(runs, 'database_cpu_us_per_call'))} µs/transaction, pgbench CPU "
        f"{fmt(median(runs, 'client_cpu_us_per_call'))} µs/transaction, failed {median(runs, 'errors')}.")
lines.append("")

lines += ["## Memory and large tenants", ""]
idle = load("idle")
if idle:
    i = idle[0]
    per = i["kib_per_connection"]
    lines.append(
        f"- {i['connections']:,} idle TLS connections ({i['still_open']:,} still open at the end): server VmRSS "
        f"{i['rss_before_kib']:,} KiB → {i['rss_after_kib']:,} KiB, {per:.2f} KiB per connection "
        f"(target ≤ 20 KiB: {'met' if per <= 20 else 'missed'}).")
else:
    lines.append("- Idle TLS connections: not measured in this run (BENCH_SKIP).")
listing = load("list-fapiao")
if listing:
    p99 = median(listing, "latency_ms", "p99")
    lines.append(
        f"- ListInvoices, page of 100, tenant with 1,000,000 invoices, 1 call in flight, 500 calls per run: p50 "
        f"{fmt(median(listing, 'latency_ms', 'p50'), 2)} ms, p99 {fmt(p99, 2)} ms, "
        f"max {fmt(median(listing, 'latency_ms', 'max'), 2)} ms, errors {fmt(errors(listing), 0)} "
        f"(target p99 < 20 ms: {'met' if p99 is not None and p99 < 20 else 'missed'}).")
else:
    lines.append("- ListInvoices on a tenant with 1,000,000 invoices: not measured in this run (BENCH_SKIP).")
export = load("export")
if export:
    e = export[0]
    cli, server = e["cli_max_rss_kib"] / 1024, e["server_vmhwm_kib"] / 1024
    lines.append(
        f"- `fapiao audit export` of 1,000,000 access-log entries: peak memory of the CLI {cli:.1f} MiB (max RSS) "
        f"and of the server {server:.1f} MiB (VmHWM of a server started for it, sealing included) "
        f"(target < 100 MiB each: {'met' if cli < 100 and server < 100 else 'missed'}). "
        f"The bundle on disk is {e['export_bytes'] / 1024:.1f} MiB.")
else:
    lines.append("- Export of 1,000,000 access-log entries: not measured in this run (BENCH_SKIP).")
lines += ["", "## Commands", "", "```",
          "fapiao-bench --method health --connections 8 --in-flight 8 --duration D --server-pid PID --json",
          "health_client 127.0.0.1:PORT dev-ca.pem 8 8 D 2 GRPC_SERVER_PID",
          "fapiao-bench --method issue --tenants 64 --connections 8 --in-flight 4 --duration D",
          "fapiao-bench --method issue --tenants 1 --connections 8 --in-flight 4 --duration D",
          "fapiao-bench --method get --tenants 8 --connections 8 --in-flight 4 --duration D",
          "pgbench -n -M prepared -c 32 -j 2 -T D -f issue-0.sql ... -f issue-63.sql  # one script per tenant",
          "pgbench -n -M prepared -c 32 -j 2 -T D -f issue-0.sql                    # one tenant, one series",
          "pgbench -n -M prepared -c 32 -j 2 -T D -f issue-stepwise-0.sql           # one series, number first",
          "pgbench -n -M prepared -c 32 -j 2 -T D -f get-0.sql ... -f get-7.sql",
          "idle_connections.py 127.0.0.1 PORT dev-ca.pem 10000 SERVER_PID",
          "fapiao-bench --method list --tenant-key-file million.key --connections 1 --in-flight 1 --count 500",
          "/usr/bin/time -f %M fapiao --key-file auditor.key audit export --out DIR",
          "```", "",
          "The pgbench scripts are generated by `benchmarks/pgbench/make-scripts` from the templates in "
          "benchmarks/pgbench/ and run as the role fapiao_app that the server uses, so row-level security applies.",
          ""]
history = os.path.join(os.path.dirname(os.path.abspath(__file__)), "history.md")
if os.path.exists(history):
    with open(history, encoding="utf-8") as file:
        lines += [file.read().rstrip(), ""]
print("\n".join(lines))
