"""`make bench`: query counts and server time of every page, API, export and job at growing sizes.

Exit status 0 when every measurement was taken (goals missed are reported, not
errors); 1 when the benchmark could not run or a request did not answer 200.
"""

import argparse
import os
import sys
import time

from .environment import BASE_DIR, BenchError, configure_environment, drop_database, ensure_database

RESULT_PATH = BASE_DIR / "var" / "bench.json"


def _sizes(text):
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if len(sizes) < 2 or sizes[0] < 1:
        raise argparse.ArgumentTypeError("give at least two positive sizes, e.g. 100,10000")
    return sizes


def _positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def parse_args(argv):
    from .measure import ENDPOINT_KEYS, JOB_KEYS

    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=_sizes, default=[100, 10000], help="project counts (default 100,10000)"
    )
    parser.add_argument(
        "--repeat", type=_positive, default=15, help="timed requests per endpoint (default 15)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument(
        "--endpoints",
        default=",".join(ENDPOINT_KEYS + JOB_KEYS),
        help=f"comma-separated subset of: {', '.join(ENDPOINT_KEYS + JOB_KEYS)}",
    )
    parser.add_argument(
        "--job-repeat", type=_positive, default=3, help="timed runs of each background job (default 3)"
    )
    parser.add_argument("--sql", action="store_true", help="print the SQL of every measured request")
    args = parser.parse_args(argv)
    unknown = set(args.endpoints.split(",")) - set(ENDPOINT_KEYS + JOB_KEYS)
    if unknown:
        parser.error(f"unknown endpoints: {', '.join(sorted(unknown))}")
    return args


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(args):
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    from . import (
        approvals,
        assessment,
        city,
        exportjobs,
        investment,
        ledger,
        measure,
        objects,
        pool,
        report,
        work,
        workbook,
    )
    from .people import build_people

    endpoints = [e for e in measure.ENDPOINTS if e.key in args.endpoints.split(",")]
    for endpoint in [e for e in endpoints if not e.available()]:
        log(f"bench: {endpoint.label} does not exist in this build; not measured")
    endpoints = [e for e in endpoints if e.available()]
    jobs = [key for key in measure.JOB_KEYS if key in args.endpoints.split(",")]
    if "job-digests" in jobs and ledger.digests_available() is None:
        log(
            "bench: issues.services.digests.send_weekly_digests (or the digest page it links to) "
            "does not exist in this build; not measured"
        )
        jobs.remove("job-digests")
    if "job-assess" in jobs and not assessment.available():
        log("bench: the assessment pages (assessment:period_detail) do not exist in this build; not measured")
        jobs.remove("job-assess")
    for key, export_key, _query in exportjobs.EXPORTS:
        if key in jobs and not exportjobs.available(export_key):
            log(f"bench: the export {export_key} does not exist in this build; not measured")
            jobs.remove(key)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    # DEBUG is off, so templates resolve {% static %} through the manifest, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    city.reset()
    people = approvals.prepare(build_people())
    # 精准考核: one period, opened once and computed at every size before the pages are read
    period = None
    if {"job-assess", "job-workbook"} & set(jobs) or any(e.needs_period for e in endpoints):
        period = assessment.prepare(people.office)
    log(f"bench: database {connection.settings_dict['NAME']} (PostgreSQL {pg_version}) ready")

    results = {}
    job_results = {}
    load = {}
    rows = {}
    project = None
    picked = None
    for size in args.sizes:
        step = time.perf_counter()
        added = city.grow_to(size)
        entries = pool.grow_pool()
        milestones, reports = work.grow_work()
        cases, tasks = approvals.grow_approvals()
        issues = ledger.grow_issues()
        assessed = assessment.grow_assessment(people.office, period) if period else {}
        leads = investment.grow_leads()
        city.analyze(
            [*pool.TABLES, *work.TABLES, *approvals.TABLES, *ledger.TABLES, *investment.TABLES]
            + (assessment.TABLES if period else [])
        )
        grown = (
            f"+{added:,} projects, +{entries:,} entries, +{milestones:,} milestones, "
            f"+{reports:,} reports, +{cases:,} approval cases with {tasks:,} tasks, +{issues:,} ledger "
            f"issues ({ledger.overdue_count():,} overdue), +{leads:,} investment leads "
            f"({investment.overdue_count():,} overdue)"
        )
        if assessed:
            grown += "; assessment: " + ", ".join(f"{k} {v:,}" for k, v in assessed.items())
        log(
            f"bench: {size:,} projects and pool entries ({grown} in {time.perf_counter() - step:.1f} s); "
            "measuring"
        )
        rows[size] = report.row_counts()
        project = project or city.detail_project()
        if project is None:
            raise BenchError("no project under construction to measure the detail page with")
        if picked is None:
            # the rows the detail pages show, the same at every size
            picked = objects.pick(project, period)
            for endpoint in endpoints:
                missing = sorted(k for k in endpoint.needs if k in picked and picked[k] is None)
                if missing:
                    log(
                        f"bench: {endpoint.label}: the benchmark builds no {', '.join(missing)}; not measured"
                    )
            endpoints = [e for e in endpoints if not any(k in picked and picked[k] is None for k in e.needs)]
        results[size] = measure.measure_all(
            endpoints, people, project, args.repeat, progress=log, period=period, objects=picked
        )
        job_results[size] = {}
        if "job-sweep" in jobs:
            job_results[size]["sweep"] = ledger.measure_sweep(args.job_repeat)
        if "job-digests" in jobs:
            job_results[size]["digests"] = ledger.measure_digests(args.job_repeat)
        if "job-assess" in jobs:
            job_results[size]["assess"] = assessment.measure_compute(people.office, period, args.job_repeat)
        if "job-workbook" in jobs:
            job_results[size]["workbook"] = workbook.measure_workbook(people.office, period, args.job_repeat)
        for key, export_key, query in exportjobs.EXPORTS:
            if key in jobs:
                job_results[size][key.removeprefix("job-")] = exportjobs.measure_export(
                    people.office, export_key, query, args.job_repeat
                )
        for measured in job_results[size].values():
            log(
                f"bench: {measured.label}: {measured.queries} queries, {measured.median_ms:.0f} ms, {measured.done}"
            )
        load[size] = round(os.getloadavg()[0], 2)

    print(report.rows_table(rows, args.sizes))
    print()
    print(report.table(endpoints, results, args.sizes))
    if jobs:
        print()
        print(ledger.table(job_results, args.sizes))
    print(report.load_note(load))
    _print_sql(endpoints, results, args.sizes, only_changed=not args.sql)
    data = report.figures(
        endpoints, results, args.sizes, args.repeat, connection.settings_dict["NAME"], pg_version, load
    )
    data["jobs"] = ledger.figures(job_results, args.sizes) if jobs else []
    data["rows"] = {str(size): counts for size, counts in rows.items()}
    data["objects"] = picked
    data["wall_seconds"] = round(time.perf_counter() - started)
    data["summary"] = report.summary(data, rows, args.sizes)
    report.write_json(RESULT_PATH, data)
    summary = data["summary"]
    print(
        f"goals: {summary['passed']} met, {summary['missed']} missed "
        f"({', '.join(summary['missed_keys']) or 'none'}); {data['wall_seconds']} s in all"
    )
    log(f"bench: figures written to {RESULT_PATH} ({data['wall_seconds']} s in all)")


def _print_sql(endpoints, results, sizes, only_changed=False):
    for endpoint in endpoints:
        counts = {results[s][endpoint.key].queries for s in sizes}
        if only_changed and len(counts) == 1:
            continue
        for size in sizes:
            print(f"\n-- {endpoint.label} @ {size:,} projects")
            for n, sql in enumerate(results[size][endpoint.key].sql, 1):
                print(f"{n:3}. {sql}")


def main(argv=None):
    args = parse_args(argv)
    url = configure_environment()
    try:
        ensure_database(url)
        try:
            run(args)
        finally:
            if not args.keep:
                from django.db import connections

                connections.close_all()
                drop_database(url)
    except BenchError as exc:
        log(f"bench: error: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
