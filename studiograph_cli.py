"""The `studiograph` command: one subcommand per job, each in the package that does it."""

from __future__ import annotations

import argparse
import json
import sys

from graph.config import StoreConfig, open_store


def cmd_counts(args: argparse.Namespace) -> int:
    """Print how many nodes and relationships of each kind the configured store holds."""
    store = open_store()
    try:
        print(json.dumps(store.counts(), ensure_ascii=False, indent=2))
    finally:
        store.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="studiograph", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    counts = sub.add_parser("counts", help=f"node and relationship counts of the store ({StoreConfig.from_env().describe})")
    counts.set_defaults(run=cmd_counts)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
