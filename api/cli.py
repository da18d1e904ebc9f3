"""The API's subcommands: `serve`, `export-schema`, `token`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from api.roles import Role

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "schema.graphql"


def cmd_serve(args: argparse.Namespace) -> int:
    from api.access import mint_first_run_token
    from api.server import check_workers, serve

    check_workers(args.workers)
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    base = f"http://{shown if ':' not in shown else f'[{shown}]'}:{args.port}"
    token = mint_first_run_token(args.host, os.environ)
    print(f"studiograph: GraphQL at {base}/graphql (open it in a browser for GraphiQL)", flush=True)
    if token:
        print("studiograph: no API tokens are configured, so this run made an admin token of its own (gone when it stops).",
              flush=True)
        print(f"studiograph: sign in to the explorer at {base}/#token={token}", flush=True)
    else:
        print(f"studiograph: the explorer at {base}/", flush=True)
    serve(args.host, args.port, args.workers, args.log_level)
    return 0


def cmd_export_schema(args: argparse.Namespace) -> int:
    """Write schema.graphql from the code (or, with --check, fail when it differs)."""
    from api.queries import sdl

    text, target = sdl(), Path(args.output)
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print(f"{target} differs from the schema in the code: run `studiograph export-schema`", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    """Print a new random token (give it to the user) and the hash line to configure (keep only that)."""
    from api.access import hash_token, new_token

    token = new_token()
    label = " ".join(args.label.split()) if getattr(args, "label", None) else ""
    if "," in label or ":" in label:
        print("a token's label may not hold `,` or `:`", file=sys.stderr)
        return 2
    print(f"token (give to the user, never stored): {token}")
    print(f"add to STUDIOGRAPH_TOKENS_FILE:          {args.role} {hash_token(token)}{' ' + label if label else ''}")
    print(f"or to STUDIOGRAPH_TOKENS:                {args.role}:{hash_token(token)}{':' + label if label else ''}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="serve the GraphQL API under uvicorn on the configured store")
    serve.add_argument("--host", default=os.environ.get("STUDIOGRAPH_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("STUDIOGRAPH_PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("STUDIOGRAPH_WORKERS", "1")))
    serve.add_argument("--log-level", default=os.environ.get("STUDIOGRAPH_LOG_LEVEL", "info"))
    serve.set_defaults(run=cmd_serve)

    export = sub.add_parser("export-schema", help="write the GraphQL schema to schema.graphql")
    export.add_argument("--output", default=str(SCHEMA_FILE))
    export.add_argument("--check", action="store_true", help="only check that the file matches the code")
    export.set_defaults(run=cmd_export_schema)

    token = sub.add_parser("token", help="make an API token for a role and print the hash to configure")
    token.add_argument("role", choices=[r.value for r in Role if r is not Role.PUBLIC])
    token.add_argument("--label", help="who the audit trail names for this token's changes (a clerk, an office)")
    token.set_defaults(run=cmd_token)
