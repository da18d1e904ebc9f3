"""The `studiograph` command. Each package adds its own subcommands (loaders.cli, api.cli)."""

from __future__ import annotations

import argparse
import importlib
import json
import sys

from graph.config import StoreConfig, open_store

# Packages whose `cli.add_commands(subparsers)` adds subcommands: load and generate, serve.
COMMAND_MODULES = ("loaders.cli", "api.cli")


def cmd_counts(args: argparse.Namespace) -> int:
    """Print how many nodes and relationships of each kind the configured store holds."""
    store = open_store()
    try:
        print(json.dumps(store.counts(), ensure_ascii=False, indent=2))
    finally:
        store.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="studiograph", description="A knowledge graph of worker innovation.")
    sub = parser.add_subparsers(dest="command", required=True)
    counts = sub.add_parser("counts", help=f"node and relationship counts of the store ({StoreConfig.from_env().describe})")
    counts.set_defaults(run=cmd_counts)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as missing:
            if missing.name != name:
                raise
            continue
        module.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
