"""The `studiograph load`, `studiograph loads` and `studiograph generate` subcommands.

`load` exits 0 when everything loaded, 1 when errors stopped it (nothing
written), 3 when --skip-invalid wrote the good rows and rejected others, 4
when the store failed (unreachable, or refusing a write), and 5 when a --sync
plan was shown and not applied (no --yes, and no one at a terminal said yes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import pyarrow as pa

from graph.config import StoreConfig, open_store
from graph.errors import StoreError
from loaders import journal
from loaders.generate import generate
from loaders.load import load_folder
from loaders.sync import SyncPlan

EXIT_OK, EXIT_ERRORS, EXIT_REJECTED, EXIT_STORE, EXIT_NOT_APPLIED = 0, 1, 3, 4, 5


def confirm_with(yes: bool) -> Callable[[SyncPlan], bool]:
    """Show a --sync plan, then apply it: with --yes, or when a user at a terminal says so; never otherwise."""

    def confirm(plan: SyncPlan) -> bool:
        print(plan.summary(), flush=True)
        if yes:
            return True
        if not sys.stdin.isatty():
            print("not applied: run again with --yes to apply it", flush=True)
            return False
        try:
            answer = input(f"apply it, removing {plan.removes} nodes and relationships? [y/N] ")
        except EOFError:
            answer = ""
        return answer.strip().lower() in ("y", "yes", "是")

    return confirm


@contextmanager
def arrow_memory(environ: Mapping[str, str]) -> Iterator[None]:
    """pyarrow's buffers from jemalloc for a load, unless ARROW_DEFAULT_MEMORY_POOL names a pool or the wheel has none.

    With pyarrow's default, mimalloc, the 1,000,000-person city's dry run peaked at 880-906 MiB
    against 860 (BENCHMARKS.md, thirteenth session), and its load into the embedded store went
    past 3 GiB: mimalloc keeps what the column reader frees for later.
    """
    before = pa.default_memory_pool()
    try:
        chosen = before if "ARROW_DEFAULT_MEMORY_POOL" in environ else pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without jemalloc
        chosen = before
    pa.set_memory_pool(chosen)
    try:
        yield
    finally:
        pa.set_memory_pool(before)


def cmd_load(args: argparse.Namespace) -> int:
    if args.sync and args.skip_invalid:
        print("error: --sync needs complete files: it cannot be used with --skip-invalid", file=sys.stderr)
        return EXIT_ERRORS
    store = open_store()
    try:
        print(f"loading {args.folder} into the {StoreConfig.from_env().describe}", file=sys.stderr)
        with arrow_memory(os.environ):
            report = load_folder(args.folder, store, skip_invalid=args.skip_invalid, dry_run=args.dry_run,
                                 report_path=args.report, sheet=args.sheet, sync=args.sync,
                                 confirm=confirm_with(args.yes))
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_STORE
    finally:
        store.close()
    if args.dry_run and report.sync:
        print(report.sync)
    print(report.summary())
    for path in report.rejects:
        print(f"rejected rows saved to {path}")
    if report.ok:
        return EXIT_NOT_APPLIED if report.sync and not report.synced and not args.dry_run else EXIT_OK
    return EXIT_REJECTED if report.written else EXIT_ERRORS


def cmd_loads(args: argparse.Namespace) -> int:
    """List the store's load journal, newest first."""
    store = open_store()
    try:
        runs = store.load_runs()[: args.last]
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_STORE
    finally:
        store.close()
    if args.json:
        print(json.dumps([asdict(run) | {"state": journal.state(run)} for run in runs], ensure_ascii=False, indent=2))
    else:
        print(journal.table(runs) if runs else "no loads recorded")
    return EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    generate(args.out, args.people, args.seed)
    print(f"wrote a folder for {args.people} people (seed {args.seed}) to {args.out}")
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    load = sub.add_parser("load", help="validate a folder of source files and load it into the store")
    load.add_argument("folder", type=Path, help="a folder of people.csv, mentorships.xlsx, ... files")
    load.add_argument("--skip-invalid", action="store_true",
                      help="write the good rows and save the rejected ones, with reasons, to a rejects file")
    load.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
    load.add_argument("--report", type=Path, help="also write the report as JSON to this file")
    load.add_argument("--sync", action="store_true",
                      help="make the store match the files for the kinds present: remove what they no longer list "
                           "(after showing what will be added, changed and removed, and asking)")
    load.add_argument("--yes", action="store_true", help="with --sync: apply without asking")
    load.add_argument("--sheet", metavar="NAME",
                      help="read only this sheet of each workbook (by default a workbook named after a kind is read "
                           "from its first sheet, and one of sheets named after kinds sheet by sheet)")
    load.set_defaults(run=cmd_load)
    loads = sub.add_parser("loads", help="list the loads recorded in the store, newest first, incomplete ones marked")
    loads.add_argument("--last", type=int, default=20, metavar="N", help="the N newest (default 20)")
    loads.add_argument("--json", action="store_true", help="print the records as JSON")
    loads.set_defaults(run=cmd_loads)
    gen = sub.add_parser("generate", help="write a generated folder shaped like data/sample")
    gen.add_argument("out", type=Path)
    gen.add_argument("--people", type=int, default=1500)
    gen.add_argument("--seed", type=int, default=1)
    gen.set_defaults(run=cmd_generate)
