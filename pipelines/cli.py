"""`spend`: run an analysis, print its headline table, review supplier matches, or write the synthetic sample."""

import argparse
import os
import sys
from pathlib import Path

from core.config import ENV_VAR, SAMPLE_CONFIG, ConfigError, analysis_path, load_config
from core.registry import SAMPLE_REGISTRY
from core.snapshot import SnapshotMissing
from core.warehouse import WarehouseError, open_warehouse

DIRECTORIES_HELP = "Code-Point Open zips or folders, newest first (default: a small synthetic one)"


def run(config_file: Path, verbose: bool, as_of: str | None = None) -> int:
    from pipelines.report import headline
    from pipelines.run import run_analysis

    config = load_config(config_file)
    open_warehouse(config.warehouse_path).close()  # in use, read-only, a folder: said now, not after Dagster starts
    outcome = run_analysis(config_file, as_of=as_of, verbose=verbose)
    if outcome.published:  # every asset built and every blocking check passed; a non-blocking one may have failed
        print(headline(config))
    for note in outcome.notes:
        print(f"note: {note}", file=sys.stderr)
    if outcome.published:
        for problem in outcome.problems:
            print(f"warning: {problem}", file=sys.stderr)
        return 0
    print(f"spend: the run over {config_file} failed:", file=sys.stderr)
    for problem in outcome.problems:
        print(f"  {problem}", file=sys.stderr)
    print(
        f"Nothing was published: the tables in {config.warehouse_path} are those of the last good run.", file=sys.stderr
    )
    return 1


def _national(args: argparse.Namespace) -> int:
    """`spend national run --registry FILE [--workers N] [--council KEY] [--celery URL]`: every council of the
    registry (or those named), each in its own run, then the national tables; `spend national dev`: the Dagster UI
    over them; `spend national worker --celery URL`: a Celery worker of their runs (until Ctrl-C)."""
    from core.registry import load_registry
    from national.definitions import REGISTRY_VAR
    from national.run import national_home, run_national, worker_command

    if args.national_command == "worker":
        command, environment = worker_command(args.celery, args.name, args.registry)
        os.execvpe(command[0], command, environment)
    try:
        registry = load_registry(args.registry)
    except ConfigError as exc:
        print(f"spend: {exc}", file=sys.stderr)
        return 2
    if args.national_command == "dev":
        target, environment = ["-m", "national.definitions"], {REGISTRY_VAR: str(args.registry.resolve())}
        return _dagster_dev(target, environment, national_home(registry.storage_path), str(args.registry))
    if _bad_day(args.as_of):
        return 2
    unknown = [key for key in args.council or [] if key not in registry.councils()]
    if unknown:
        print(f"spend: {args.registry} has no council {', '.join(unknown)} (it has "
              f"{', '.join(registry.councils())})", file=sys.stderr)  # fmt: skip
        return 2
    councils, national = run_national(args.registry, args.workers, args.as_of, args.celery, args.council)
    for key, problems in councils.items():
        print(f"{key}: " + ("published" if not problems else "failed: " + "; ".join(problems)))
    storage = registry.storage_path
    if national:
        print("the national tables: failed, nothing published: " + "; ".join(national))
    else:
        print(f"the national tables: {storage / 'national.duckdb'} and {storage}/<table>/ (Parquet)")
    return 1 if national or any(councils.values()) else 0


def _restate(config, years: list[str], reason: str) -> int:
    """`spend restate`: record the acceptance of each year's awaiting changes, and say what the next run publishes."""
    from assets.publish.closed_year_figures import accept_restatement

    if not reason.strip():
        print("spend: --reason must say why the figures change: it is published with them", file=sys.stderr)
        return 2
    for year in years:
        try:
            accepted = accept_restatement(config.warehouse_path, year, reason.strip())
        except ValueError as exc:
            print(f"spend: {exc}", file=sys.stderr)
            return 2
        print(f"{year}: {len(accepted)} change(s) accepted ({reason.strip()}); the next run publishes them, e.g.:")
        for move in accepted[:5]:
            print(f"  {move}")
    return 0


def _portal(args: argparse.Namespace, config_file: Path, config) -> int:
    """`spend portal sync|serve|demo|remind` over one analysis (demo runs it first when it has no snapshot yet)."""
    from portal import commands

    if args.portal_command == "demo" and not _has_snapshot(config_file, config):
        return 1
    commands.setup()
    if args.portal_command in ("sync", "demo"):
        print(f"synced from {config_file}: {commands.sync_analysis(config)}")
    if args.portal_command == "remind":
        print(commands.remind())
    if args.portal_command == "demo":
        print(f"Demo accounts (SYNTHETIC sample), password {commands.DEMO_PASSWORD!r}:")
        for email, whose in commands.demo_accounts():
            print(f"  {email:32}  {whose}")
    if args.portal_command in ("serve", "demo"):
        print(f"The portal: http://{args.host}:{args.port} (Ctrl-C to stop)", flush=True)
        commands.serve(args.host, args.port, args.workers)
    return 0


def _portal_user(args: argparse.Namespace) -> int:
    """`spend portal user add EMAIL (--supplier ID | --officer) [--password-stdin]`."""
    from portal import commands

    commands.setup()
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    try:
        print(commands.add_user(args.email, args.supplier, args.officer, password, args.url))
    except ValueError as exc:
        print(f"spend: {exc}", file=sys.stderr)
        return 2
    return 0


def _init(args: argparse.Namespace) -> int:
    """`spend init`: scaffold an analysis from a folder of ledger files, and say what is left to fill in."""
    from tooling.init import write_init

    try:
        config, read, unread = write_init(
            args.ledger, args.out, args.council, args.home, args.region_name, args.region, args.postcode_directories
        )
    except (FileExistsError, ValueError, FileNotFoundError) as exc:
        print(f"spend: {exc}", file=sys.stderr)
        return 2
    print(f"{config} written: {len(read)} ledger file(s) read, their columns in ledger_columns.")
    for problem in unread:
        print(f"  not a ledger the tool can read: {problem}")
    lines = config.read_text(encoding="utf-8").splitlines()
    todo = [line.split(":")[0] for line in lines if "TODO" in line and not line.startswith("#")]
    if todo:
        print(f"Fill in {', '.join(todo)} in {config}.")
    print(
        f"Then list your suppliers in {config.parent / 'suppliers.csv'} (or make SYNTHETIC ones to try the tool: "
        f"spend synthetic-suppliers --config {config} --out {config.parent / 'suppliers.csv'}), and run: "
        f"spend run --config {config}"
    )
    return 0


def _dev(config_file: Path, config) -> int:
    """`dagster dev` over the analysis (its SPEND_CONFIG) with its own instance (its DAGSTER_HOME), until Ctrl-C."""
    from pipelines.instance import instance_folder

    home = instance_folder(config)
    workspace = Path(__file__).resolve().parents[1] / "workspace.yaml"
    return _dagster_dev(["-w", str(workspace)], {ENV_VAR: str(config_file.resolve())}, home, str(config_file))


def _dagster_dev(target: list[str], environment: dict[str, str], home: Path, what: str) -> int:
    """`dagster dev` over `target` (its -w or -m) with DAGSTER_HOME `home`, until Ctrl-C."""
    import subprocess

    print(f"The Dagster UI over {what} (instance {home}): http://127.0.0.1:3000 (Ctrl-C to stop)", flush=True)
    environment = {
        **os.environ,
        **environment,
        "DAGSTER_HOME": str(home),
        # `dagster dev` warns that `dg dev` supersedes it; dg is another package, not this project's tooling
        "PYTHONWARNINGS": "ignore:Function `dev_command` is superseded",
    }
    try:
        dagster = str(Path(sys.executable).with_name("dagster"))
        return subprocess.call([dagster, "dev", *target], env=environment, cwd=Path(__file__).resolve().parents[1])
    except KeyboardInterrupt:
        return 0


def _dashboard(config_file: Path, config, port: int) -> int:
    """Serve presenting/dashboard.py with Streamlit on loopback, with no usage statistics sent; run the analysis
    first when no run has published a snapshot yet (a fresh clone's sample)."""
    import presenting.dashboard_server as server

    return server.serve(config_file, port) if _has_snapshot(config_file, config) else 1


def _has_snapshot(config_file: Path, config) -> bool:
    """Whether the analysis has a published snapshot, running it first when it has none (a fresh clone's sample);
    False when that run fails (it has said why)."""
    from core.snapshot import snapshot_path

    if snapshot_path(config.warehouse_path).exists():
        return True
    print(f"{config.warehouse_path} has no snapshot yet: running the analysis first", flush=True)
    return run(config_file, verbose=False) == 0


def _annual_report(config, html_file: Path | None, pdf_file: Path | None, year: str | None) -> int:
    """`spend report --html/--pdf`: the annual report from the last good run's snapshot."""
    import tempfile

    from presenting.published import read_published
    from presenting.report import PdfUnavailable, annual_report_html, write_pdf

    try:
        page = annual_report_html(read_published(config), year)
    except ValueError as exc:
        print(f"spend: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        target = html_file or Path(scratch) / "report.html"
        for path in (target, pdf_file):
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        if html_file:
            print(f"annual report written to {html_file}")
        if pdf_file:
            try:
                write_pdf(target, pdf_file)
            except PdfUnavailable as exc:
                print(f"spend: {exc}", file=sys.stderr)
                return 2
            print(f"annual report written to {pdf_file}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="spend", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in [
        ("run", "materialise every asset and run every check, then print the headline table"),
        ("report", "print the headline table from the warehouse of the last run"),
        ("review", "after a run, add the candidate supplier matches awaiting a decision to the decisions file"),
        ("confirm-removal", "confirm that ledger files which loaded payments may leave: the next run removes them"),
        ("restate", "accept the changes a blocked run found to a closed year's figures: the next run publishes them"),
        ("export", "write every published table as Parquet and CSV (UTF-8 with BOM) with a data dictionary"),
        ("dashboard", "serve the dashboard of the last good run (running the analysis first if it has none)"),
        ("dev", "the Dagster UI over the analysis, with its own instance beside its warehouse (dagster dev)"),
    ]:
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--config", help=f"analysis YAML file (default: ${ENV_VAR}, else the sample)")
        if name == "confirm-removal":
            command.add_argument(
                "files", nargs="+", help="ledger files as the check names them, e.g. ledger/2019-05.csv"
            )
        if name == "restate":
            command.add_argument(
                "--year", action="append", required=True, help="a closed year, e.g. 2019/20 (repeatable)"
            )
            command.add_argument("--reason", required=True, help="why the figures change, recorded with them")
        if name == "report":
            command.add_argument(
                "--progress", action="store_true", help="the twelve-month review: each target year against its target"
            )
            command.add_argument("--html", type=Path, help="write the annual report as one self-contained HTML file")
            command.add_argument("--pdf", type=Path, help="write the annual report as PDF (printed by Chromium)")
            command.add_argument("--year", help="the year the annual report is on, e.g. 2021/22 (default: the latest)")
        if name == "export":
            command.add_argument("--out", type=Path, required=True, help="folder to write the files to")
        if name == "dashboard":
            command.add_argument("--port", type=int, default=8501, help="port on 127.0.0.1 (default: %(default)s)")
        if name == "run":
            command.add_argument(
                "--as-of", help="the day the figures are as of, YYYY-MM-DD: which years are closed (default: today)"
            )
            command.add_argument(
                "--verbose", action="store_true", help="show Dagster's step events and logs, with each step's duration"
            )
    national = commands.add_parser("national", help="many councils at once (a registry of analyses; see the README)")
    national_commands = national.add_subparsers(dest="national_command", required=True)
    national_run = national_commands.add_parser(
        "run", help="run every council of a registry, each in its own run, and write their tables as Parquet"
    )
    national_run.add_argument("--registry", type=Path, default=SAMPLE_REGISTRY,
                              help="the registry file, councils.yaml (default: the SYNTHETIC sample's)")  # fmt: skip
    national_run.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="councils at once (%(default)s)")
    national_run.add_argument("--as-of", help="the day the figures are as of, YYYY-MM-DD (default: today)")
    national_run.add_argument("--council", action="append", metavar="KEY",
                              help="run only this council (its key, e.g. E08000017; again for more), then the national"
                                   " tables from every council's last tables (default: every council)")  # fmt: skip
    national_run.add_argument("--celery", metavar="REDIS_URL",
                              help="run the councils' steps on the Celery workers taking steps from this Redis,"
                                   " redis://HOST:PORT/DB (default: in processes of this machine)")  # fmt: skip
    national_dev = national_commands.add_parser(
        "dev", help="the Dagster UI over a registry's councils, their sensors and the national tables (dagster dev)"
    )
    national_dev.add_argument("--registry", type=Path, default=SAMPLE_REGISTRY,
                              help="the registry file, councils.yaml (default: the SYNTHETIC sample's)")  # fmt: skip
    worker = national_commands.add_parser(
        "worker", help="a Celery worker of national runs: takes councils' steps from Redis, one at a time"
    )
    worker.add_argument("--celery", metavar="REDIS_URL", required=True, help="the Redis, redis://HOST:PORT/DB")
    worker.add_argument("--name", default="spend", help="the worker's name, unique on its machine (%(default)s)")
    worker.add_argument(
        "--registry", type=Path, default=SAMPLE_REGISTRY, help="a registry to build the job by (runs name theirs)"
    )
    synthetic = commands.add_parser(
        "synthetic-suppliers",
        help="after a run, write a SYNTHETIC supplier file for a ledger that has none (for trying the tool only)",
    )
    synthetic.add_argument("--config", help=f"analysis YAML file (default: ${ENV_VAR}, else the sample)")
    synthetic.add_argument("--out", type=Path, required=True, help="CSV file to write")
    scale = commands.add_parser("scale", help="write a SYNTHETIC analysis of any size, for benchmarks")
    scale.add_argument("--payments", default="100k", help="payments, e.g. 100k, 1M, 10M (default: %(default)s)")
    scale.add_argument("--suppliers", default="10k", help="suppliers, e.g. 10k, 200k (default: %(default)s)")
    scale.add_argument("--postcode-directories", nargs="*", type=Path, default=[], help=DIRECTORIES_HELP)
    scale.add_argument("--out", type=Path, required=True, help="folder to write")
    bench = commands.add_parser("bench", help="measure the pipeline at chosen sizes (see BENCHMARKS.md)")
    bench.add_argument("--sizes", default="100k,1M", help="payments per size, comma separated (default: %(default)s)")
    bench.add_argument("--suppliers", help="suppliers at every size (default: payments / 50, 100 to 500k)")
    bench.add_argument("--postcode-directories", nargs="*", type=Path, default=[], help=DIRECTORIES_HELP)
    bench.add_argument("--out", type=Path, default=Path("bench"), help="folder for data and results (%(default)s)")
    portal = commands.add_parser("portal", help="the suppliers' portal: sync, users, serve (see the README)")
    portal_commands = portal.add_subparsers(dest="portal_command", required=True)
    for name, help_text in [
        ("sync", "load or update the framework, suppliers, contracts and commitments from the analysis"),
        ("serve", "serve the portal with Gunicorn (the README says how to run it for real)"),
        ("demo", "sync the analysis, make one demo account per supplier and an officer, print them, serve"),
        ("remind", "mail the reminders for due and late returns (each once: run it daily from a timer)"),
    ]:
        action = portal_commands.add_parser(name, help=help_text)
        action.add_argument("--config", help=f"analysis YAML file (default: ${ENV_VAR}, else the sample)")
        if name in ("serve", "demo"):
            action.add_argument("--host", default="127.0.0.1")
            action.add_argument("--port", type=int, default=8600)
            action.add_argument(
                "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="Gunicorn workers (%(default)s)"
            )
    user = portal_commands.add_parser("user", help="manage the portal's users")
    user_add = user.add_subparsers(dest="user_command", required=True).add_parser("add", help="add a user")
    user_add.add_argument("email")
    who = user_add.add_mutually_exclusive_group(required=True)
    who.add_argument("--supplier", help="the supplier id (as `spend portal sync` made it) the user belongs to")
    who.add_argument("--officer", action="store_true", help="an officer, who verifies returns")
    user_add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    user_add.add_argument("--url", default="http://127.0.0.1:8600", help="the portal's address, for the link")
    init = commands.add_parser("init", help="write a new analysis folder for a folder of ledger files")
    init.add_argument("ledger", type=Path, help="the folder holding the ledger files (CSV, text, .xlsx, .ods)")
    init.add_argument("--out", type=Path, required=True, help="the analysis folder to write")
    init.add_argument("--council", help="the council's name")
    init.add_argument("--home", nargs="+", help="the home area's LAD codes, e.g. E08000018")
    init.add_argument("--region-name", help="the region's name")
    init.add_argument("--region", nargs="+", help="the region's LAD codes")
    init.add_argument("--postcode-directories", nargs="+", type=Path, help=DIRECTORIES_HELP)
    sample = commands.add_parser("sample", help="write the synthetic sample council")
    sample.add_argument("--out", type=Path, default=SAMPLE_CONFIG.parent, help="folder to write (default: %(default)s)")
    national_help = "folder of its SYNTHETIC neighbours and their registry (default: %(default)s)"
    sample.add_argument("--national-out", type=Path, default=SAMPLE_REGISTRY.parent, help=national_help)
    args = parser.parse_args(argv)

    if args.command == "scale":
        from tooling.bench import parse_size
        from tooling.scale import ScaleSpec, write_scale

        spec = ScaleSpec(payments=parse_size(args.payments), suppliers=parse_size(args.suppliers))
        written = write_scale(spec, args.out, args.postcode_directories)
        print(f"SYNTHETIC analysis written to {args.out / 'analysis.yaml'}: {spec.payments:,} payments in "
              f"{len(written['files'])} files, {spec.suppliers:,} suppliers")  # fmt: skip
        return 0
    if args.command == "bench":
        from tooling.bench import bench, parse_size, table

        sizes = [parse_size(s) for s in args.sizes.split(",")]
        suppliers = parse_size(args.suppliers) if args.suppliers else None
        results = bench(sizes, suppliers, args.out, args.postcode_directories)
        print(table(results))
        print(f"\nwritten: {args.out / 'results.json'}, {args.out / 'results.md'}")
        return 0
    if args.command == "init":
        return _init(args)
    if args.command == "national":
        return _national(args)
    if args.command == "portal" and args.portal_command == "user":
        return _portal_user(args)
    if args.command == "sample":
        from tooling.neighbours import write_national
        from tooling.sample import write_sample

        write_sample(args.out)
        write_national(args.national_out)
        print(f"synthetic sample written to {args.out}, its neighbours and their registry to {args.national_out}")
        return 0
    config_file = analysis_path(args.config)
    try:
        config = load_config(config_file)
    except ConfigError as exc:
        print(f"spend: configuration error: {exc}", file=sys.stderr)
        return 2
    try:
        return _on_analysis(args, config_file, config)
    except (WarehouseError, SnapshotMissing) as exc:
        print(f"spend: {exc}", file=sys.stderr)
        return 2


def _on_analysis(args: argparse.Namespace, config_file: Path, config) -> int:
    """The commands that work on one analysis and its warehouse."""
    if args.command == "synthetic-suppliers":
        from tooling.synthetic_suppliers import write_synthetic_suppliers

        count = write_synthetic_suppliers(config, args.out, config_file)
        print(f"{count} SYNTHETIC suppliers written to {args.out}: invented places, never for publishing")
        return 0
    if args.command == "review":
        from pipelines.review import write_review

        try:
            path, added, undecided = write_review(config)
        except ConfigError as exc:
            print(f"spend: configuration error: {exc}", file=sys.stderr)
            return 2
        print(
            f"{added} new candidate match(es) written to {path}; {undecided} row(s) there await a decision "
            "(accept or reject in the decision column), read back by the next run"
        )
        return 0
    if args.command == "confirm-removal":
        from assets.staging import ledger_removals
        from core.formatting import money
        from core.warehouse import open_published

        open_published(config.warehouse_path, "ledger_transactions").close()  # it confirms published payments
        with open_warehouse(config.warehouse_path) as con:
            try:
                confirmed = ledger_removals.confirm(con, args.files)
            except ValueError as exc:
                print(f"spend: {exc}", file=sys.stderr)
                return 2
        for source_file, payments, amount in confirmed:
            print(f"{source_file}: its {payments:,} payments ({money(amount)}) leave the figures at the next run")
        return 0
    if args.command == "restate":
        return _restate(config, args.year, args.reason)
    if args.command == "dashboard":
        return _dashboard(config_file, config, args.port)
    if args.command == "portal":
        return _portal(args, config_file, config)
    if args.command == "dev":
        return _dev(config_file, config)
    if args.command == "export":
        from core.snapshot import open_snapshot
        from presenting.export import export

        with open_snapshot(config.warehouse_path) as con:
            tables = export(con, args.out)
        print(f"{len(tables)} tables written to {args.out} as Parquet and CSV, described in data_dictionary.csv")
        return 0
    if args.command == "report" and (args.html or args.pdf):
        return _annual_report(config, args.html, args.pdf, args.year)
    if args.command == "report":
        from pipelines.report import headline, progress

        print(progress(config) if args.progress else headline(config))
        return 0
    if _bad_day(args.as_of):
        return 2
    return run(config_file, args.verbose, args.as_of)


def _bad_day(as_of: str | None) -> bool:
    """Whether --as-of is given and not a day (said on stderr)."""
    from core.as_of import parse_day

    if as_of is None:
        return False
    try:
        parse_day(as_of, "--as-of")
    except ValueError as exc:
        print(f"spend: {exc}", file=sys.stderr)
        return True
    return False


if __name__ == "__main__":
    sys.exit(main())
